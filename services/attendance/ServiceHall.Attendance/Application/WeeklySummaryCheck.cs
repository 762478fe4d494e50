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

/// <summary>
/// R1.6: produces the week's attendance summary once it is due (Friday 15:00 by default), freezes it with its CSV and
/// publishes <see cref="WeeklyAttendanceSummaryProduced"/> in the same transaction. A week missed while the service
/// was down is produced when it comes back (this week and the one before are looked at, not weeks before the hall's
/// first unit was set up). Once per week: the week is the table's key.
/// </summary>
public sealed class WeeklySummaryCheck(
    AttendanceDbContext db, AttendanceReportDesk reports, WorkCalendar calendar, WorkSchedule schedule,
    IOptions<HallOptions> hall, TimeProvider time)
{
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>When the summary of the week starting <paramref name="weekStart"/> is due.</summary>
    public DateTimeOffset DueAt(DateOnly weekStart) =>
        calendar.At(weekStart.AddDays(((int)schedule.WeeklySummaryDay + 6) % 7), schedule.WeeklySummaryAt);

    public async Task<int> ProduceDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thisWeek = MondayOf(calendar.DateOf(now));
        var produced = 0;
        foreach (var week in new[] { thisWeek.AddDays(-7), thisWeek })
        {
            if (now < DueAt(week))
                continue;
            using (SuppressInstrumentationScope.Begin()) // the look that finds nothing due is nobody's trace
            {
                // A hall set up after a week's summary was due has nothing to report for that week.
                var setUp = await db.Units.MinAsync(u => (DateTimeOffset?)u.CreatedAt, cancellationToken);
                if (setUp is null || DueAt(week) < setUp ||
                    await db.WeeklySummaries.AnyAsync(s => s.WeekStart == week, cancellationToken))
                {
                    continue;
                }
            }
            using var activity = ServiceHallTelemetry.Domain.StartActivity("produce weekly attendance summary");
            activity?.SetTag("servicehall.week_start", week.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.UnitId, u => u.Name,
                StringComparer.Ordinal, cancellationToken);
            var lines = await reports.CountAsync(week, week.AddDays(6), null, cancellationToken);
            var total = AttendanceLine.Total("", "hall", lines);
            db.WeeklySummaries.Add(new WeeklySummary { WeekStart = week, ProducedAt = now, Csv = AttendanceCsv.Write(lines, units) });
            db.AddEvent(new WeeklyAttendanceSummaryProduced(Guid.CreateVersion7(now), now, hall.Value.HallId, week,
                lines.Count, total.Late, total.LeftEarly, total.OffPost, total.OutingsOverran, total.Absent,
                total.Leaves), now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                produced++;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                db.ChangeTracker.Clear(); // another instance produced it first
            }
        }
        return produced;
    }
}
