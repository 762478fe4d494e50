using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// What the outbox relay of one database last did, for its liveness check. Durations are real (monotonic) time: they
/// describe the process, not the hall's day, so a test's fake clock does not move them.
/// </summary>
public sealed class OutboxRelayHealth<TContext>
    where TContext : ServiceDbContext
{
    private long _lastTurn = Stopwatch.GetTimestamp();
    private long _failingSince; // 0: the last batch succeeded
    private int _busRestarts;
    private string? _lastError;

    /// <summary>The relay's loop went round once (whatever the outcome).</summary>
    public void Turned() => Interlocked.Exchange(ref _lastTurn, Stopwatch.GetTimestamp());

    public void Succeeded()
    {
        Interlocked.Exchange(ref _failingSince, 0);
        _lastError = null;
    }

    public void Failed(string error)
    {
        Interlocked.CompareExchange(ref _failingSince, Stopwatch.GetTimestamp(), 0);
        _lastError = error;
    }

    public void BusRestarted() => Interlocked.Increment(ref _busRestarts);

    public int BusRestarts => Volatile.Read(ref _busRestarts);

    public TimeSpan SinceLastTurn => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastTurn));

    /// <summary>How long publishing has failed without a break; null while it works.</summary>
    public TimeSpan? FailingFor => Interlocked.Read(ref _failingSince) is var since and not 0
        ? Stopwatch.GetElapsedTime(since)
        : null;

    public string? LastError => _lastError;
}

/// <summary>
/// Liveness of the outbox relay. A relay that cannot publish while the broker is away is expected (the bus's readiness
/// says so, and the events wait in the database); this check fails only when a restart of the process is what helps:
/// the relay's loop has not gone round for far longer than one publish may take, or publishing has failed for
/// <see cref="OutboxRelayOptions.StuckAfter"/> while the bus reports itself connected (consumers receive, publishes
/// do not leave — a wedged client the relay's own bus restarts did not cure).
/// </summary>
public sealed class OutboxRelayHealthCheck<TContext>(
    OutboxRelayHealth<TContext> state,
    IEventPublisher publisher,
    IOptions<OutboxRelayOptions> options) : IHealthCheck
    where TContext : ServiceDbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var turnLimit = limits.PublishTimeout * 2 + OutboxRelay<TContext>.MaxBackoff + TimeSpan.FromMinutes(1);
        var name = typeof(TContext).Name;
        if (state.SinceLastTurn > turnLimit)
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"the outbox relay of {name} has not gone round for {state.SinceLastTurn.TotalSeconds:F0} s"));
        if (state.FailingFor is { } failing && failing > limits.StuckAfter && publisher.IsConnected)
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"the outbox relay of {name} has not published for {failing.TotalSeconds:F0} s on a connected bus " +
                $"({state.BusRestarts} bus restart(s)); last error: {state.LastError}"));
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
