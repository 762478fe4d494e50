using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// A scheduled check that runs every <see cref="Interval"/> on one instance of the service at a time: the instance
/// holding the job's lease in <c>job_leases</c>. When the holder dies its lease expires after two intervals and
/// another instance takes over. Nothing here is a rule: the checks themselves read the clock from TimeProvider.
/// </summary>
public abstract partial class LeasedJob<TContext>(IServiceScopeFactory scopes, TimeProvider time, ILogger logger)
    : BackgroundService
    where TContext : ServiceDbContext
{
    private readonly string _holder = JobLeases.NewHolderId();

    protected abstract string LeaseName { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run; returns how many facts it recorded (for the log).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task RunUntilStoppedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                bool leased;
                using (SuppressInstrumentationScope.Begin()) // a lease renewal is nobody's trace
                {
                    leased = await db.TryAcquireAsync(LeaseName, _holder, Interval * 2, time.GetUtcNow(), stoppingToken);
                }
                if (leased && await RunOnceAsync(scope.ServiceProvider, stoppingToken) is var recorded and > 0)
                    LogRecorded(logger, LeaseName, recorded);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, LeaseName, ex.GetType().Name, ex.Message);
            }
            catch (OperationCanceledException)
            {
                return; // stopping in the middle of a run
            }

            try
            {
                // Pacing of a scheduled job, not a rule: real time even when tests fake the clock.
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A stopping instance gives its lease up, so another takes over at once (a rolling restart).</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            using var quiet = SuppressInstrumentationScope.Begin();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TContext>().ReleaseAsync(LeaseName, _holder, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The database is away: the lease expires by itself after two intervals.
            LogFailed(logger, LeaseName, ex.GetType().Name, "releasing the lease: " + ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} recorded {Count} fact(s)")]
    private static partial void LogRecorded(ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed: {ErrorType} {Reason}")]
    private static partial void LogFailed(ILogger logger, string job, string errorType, string reason);
}
