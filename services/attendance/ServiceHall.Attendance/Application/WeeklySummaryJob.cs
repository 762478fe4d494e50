using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>Looks every <see cref="WorkSchedule.WeeklySummaryCheckInterval"/> whether a weekly summary is due.</summary>
public sealed class WeeklySummaryJob(
    IServiceScopeFactory scopes, WorkSchedule schedule, TimeProvider time, ILogger<WeeklySummaryJob> logger)
    : LeasedJob<AttendanceDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "attendance.weekly-summary";

    protected override TimeSpan Interval => schedule.WeeklySummaryCheckInterval;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<WeeklySummaryCheck>().ProduceDueAsync(cancellationToken);
}
