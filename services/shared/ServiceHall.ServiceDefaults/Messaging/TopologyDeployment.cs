using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// The topology step: with <c>ServiceHall:DeployTopologyOnly=true</c> (command line
/// <c>--ServiceHall:DeployTopologyOnly=true</c>, environment <c>ServiceHall__DeployTopologyOnly=true</c>) a host declares
/// its queue, the exchanges of the events it consumes and their bindings on RabbitMQ, consumes nothing, touches no
/// database, and exits. Run for every service before any service publishes (a Kubernetes Job, a deployment script),
/// every event from then on reaches every queue that should have it, also those of services not started yet — what the
/// mandatory flag alone cannot see when an event has several consumers and only some are bound.
/// </summary>
public static partial class TopologyDeployment
{
    public const string Setting = "ServiceHall:DeployTopologyOnly";

    /// <summary>Runs the host; or, with <see cref="Setting"/>, only deploys its broker topology and returns.</summary>
    public static async Task RunServiceHallAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue<bool>(Setting))
        {
            await app.DeployTopologyAsync();
            return;
        }
        await app.RunAsync();
    }

    /// <summary>Declares this host's queue, exchanges and bindings (the bus must be built with <see cref="Setting"/>).</summary>
    public static async Task DeployTopologyAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(Setting))
            throw new InvalidOperationException($"{Setting} is not set: the bus would start consuming.");
        var bus = app.Services.GetService<IBusControl>()
                  ?? throw new InvalidOperationException("No broker here (standalone mode): there is no topology to deploy.");
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TopologyDeployment));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        // What MassTransit's DeployAsync does, with the stop bounded: started with DeployTopologyOnly, the bus declares
        // the topology and is ready without consuming; its stop right after the start was seen to hang for ever in a
        // receive transport (the integration run waited 8 minutes; the token was not honoured), with everything
        // already declared.
        await bus.StartAsync(limit.Token);
        LogDeployed(logger, app.Environment.ApplicationName);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(StopLimit);
        try
        {
            await bus.StopAsync(stop.Token).WaitAsync(StopLimit, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException &&
                                   !cancellationToken.IsCancellationRequested)
        {
            LogStopAbandoned(logger, StopLimit.TotalSeconds);
        }
    }

    /// <summary>How long the topology step waits for the bus to stop once everything is declared.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(15);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The topology is deployed; the bus did not stop within {Seconds} s and is left behind")]
    private static partial void LogStopAbandoned(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker topology of {Application} deployed; nothing consumed")]
    private static partial void LogDeployed(ILogger logger, string application);
}
