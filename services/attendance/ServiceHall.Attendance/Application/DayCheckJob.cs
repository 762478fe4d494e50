using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Application;

/// <summary>Runs the <see cref="DayCheck"/> every <see cref="WorkSchedule.DayCheckInterval"/> under a lease.</summary>
public sealed class DayCheckJob(
    IServiceScopeFactory scopes, WorkSchedule schedule, TimeProvider time, ILogger<DayCheckJob> logger)
    : LeasedJob<AttendanceDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "attendance.day-check";

    protected override TimeSpan Interval => schedule.DayCheckInterval;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<DayCheck>().RunAsync(cancellationToken);
}
