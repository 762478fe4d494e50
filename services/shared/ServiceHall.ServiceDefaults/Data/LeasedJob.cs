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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} recorded {Count} fact(s)")]
    private static partial void LogRecorded(ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed: {ErrorType} {Reason}")]
    private static partial void LogFailed(ILogger logger, string job, string errorType, string reason);
}
