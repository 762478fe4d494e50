using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// Forgets the answers to calls with a client request id once they are older than
/// <c>ServiceHall:ClientRequestRetention</c> (default 30 days; a client retries within minutes, not months). Hourly, on
/// one instance at a time. A request id reused after that is a new request.
/// </summary>
public sealed class ClientRequestRetentionJob<TContext>(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time,
    ILogger<ClientRequestRetentionJob<TContext>> logger)
    : LeasedJob<TContext>(scopes, time, logger)
    where TContext : ServiceDbContext
{
    public const string RetentionKey = "ServiceHall:ClientRequestRetention";

    protected override string LeaseName => "client-request-retention";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var retention = configuration.GetValue(RetentionKey, TimeSpan.FromDays(30));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        using (SuppressInstrumentationScope.Begin()) // housekeeping is nobody's trace
        {
            return await ClientRequestRetention.ForgetAsync(services.GetRequiredService<TContext>(), now - retention,
                cancellationToken);
        }
    }
}

