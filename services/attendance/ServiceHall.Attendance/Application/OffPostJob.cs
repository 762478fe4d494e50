using ServiceHall.ServiceDefaults.Data;
using ServiceHall.Attendance.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Application;

/// <summary>Runs the off-post check (脱岗, outing overruns) every <see cref="WorkSchedule.OffPostCheckInterval"/>.</summary>
public sealed class OffPostJob(
    IServiceScopeFactory scopes, WorkSchedule schedule, TimeProvider time, ILogger<OffPostJob> logger)
    : LeasedJob<AttendanceDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "attendance.off-post";

    protected override TimeSpan Interval => schedule.OffPostCheckInterval;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OffPostDetector>().DetectAsync(cancellationToken);
}
