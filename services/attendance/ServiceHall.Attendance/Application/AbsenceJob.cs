using ServiceHall.ServiceDefaults.Data;
using ServiceHall.Attendance.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Application;

/// <summary>Runs the absence check (缺岗) every <see cref="WorkSchedule.AbsenceCheckInterval"/> under a lease.</summary>
public sealed class AbsenceJob(
    IServiceScopeFactory scopes, WorkSchedule schedule, TimeProvider time, ILogger<AbsenceJob> logger)
    : LeasedJob<AttendanceDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "attendance.absence";

    protected override TimeSpan Interval => schedule.AbsenceCheckInterval;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AbsenceDetector>().DetectAsync(cancellationToken);
}
