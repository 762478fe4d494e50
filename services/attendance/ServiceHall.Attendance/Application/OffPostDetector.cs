using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using ServiceHall.Attendance.Data;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Reports every time away from the window that went past what was allowed, exactly once: without an approved
/// outing past the off-post threshold → <see cref="StaffOffPost"/> (脱岗); under an approved outing past its minutes →
/// <see cref="OutingOverran"/>. The report and its mark are one transaction, and the mark is conditional, so a second
/// runner finds nothing left to report.
/// </summary>
public sealed class OffPostDetector(
    AttendanceDbContext db, WorkCalendar calendar, IOptions<HallOptions> hall, TimeProvider time)
{
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(2);

    public async Task<int> DetectAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - Lookback;
        List<Domain.AwayFromPost> due;
        using (SuppressInstrumentationScope.Begin())
        {
            var candidates = await db.Aways.AsNoTracking()
                .Where(a => a.ReportedAt == null && a.LeftAt > since)
                .ToListAsync(cancellationToken);
            due = candidates.Where(a => a.MinutesOver(now) > 0).ToList();
        }
        if (due.Count == 0)
            return 0;

        using var activity = ServiceHallTelemetry.Domain.StartActivity("report time away from post");
        var reported = 0;
        foreach (var away in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var marked = await db.Aways.Where(a => a.AwayId == away.AwayId && a.ReportedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReportedAt, now), cancellationToken);
            if (marked == 0)
                continue;
            var workDate = calendar.DateOf(away.LeftAt);
            var becameDue = away.LeftAt + TimeSpan.FromMinutes(away.AllowedMinutes);
            if (away.OutingId is null)
            {
                var minutesAway = (int)Math.Ceiling(((away.ReturnedAt ?? now) - away.LeftAt).TotalMinutes);
                db.AddEvent(new StaffOffPost(Guid.CreateVersion7(now), becameDue, hall.Value.HallId, away.StaffId,
                    away.WindowId, workDate, away.LeftAt, minutesAway), now);
            }
            else
            {
                db.AddEvent(new OutingOverran(Guid.CreateVersion7(now), becameDue, hall.Value.HallId, away.StaffId,
                    away.WindowId, away.OutingId, workDate, away.MinutesOver(now)), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            reported++;
        }
        return reported;
    }
}
