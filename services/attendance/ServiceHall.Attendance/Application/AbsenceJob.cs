using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Runs the absence check every <see cref="WorkSchedule.AbsenceCheckInterval"/> on one instance of the service at a
/// time: the instance holding the <c>attendance.absence</c> lease. When the holder dies, its lease expires after two
/// intervals and another instance takes over.
/// </summary>
public sealed partial class AbsenceJob(
    IServiceScopeFactory scopes, WorkSchedule schedule, TimeProvider time, ILogger<AbsenceJob> logger) : BackgroundService
{
    public const string LeaseName = "attendance.absence";
    private readonly string _holder = JobLeases.NewHolderId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AttendanceDbContext>();
                bool leased;
                using (SuppressInstrumentationScope.Begin()) // a lease renewal a minute is nobody's trace
                {
                    leased = await db.TryAcquireAsync(LeaseName, _holder, schedule.AbsenceCheckInterval * 2,
                        time.GetUtcNow(), stoppingToken);
                }
                if (leased)
                {
                    var marked = await scope.ServiceProvider.GetRequiredService<AbsenceDetector>()
                        .DetectAsync(stoppingToken);
                    if (marked > 0)
                        LogMarked(marked);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex.GetType().Name, ex.Message);
            }

            try
            {
                // Pacing of a scheduled job, not a rule: real time even when tests fake the clock.
                await Task.Delay(schedule.AbsenceCheckInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Absence check marked {Count} absence(s)")]
    private partial void LogMarked(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Absence check failed: {ErrorType} {Reason}")]
    private partial void LogFailed(string errorType, string reason);
}
