using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Marks absences (缺岗): for every workday of the look-back whose cut-off has passed, each rostered staff member
/// without a clock-in before the cut-off is absent, once, with <see cref="StaffAbsent"/> in the outbox. The same
/// absence is never marked twice: the (staff, day) key is unique, so even two instances racing agree.
/// </summary>
public sealed class AbsenceDetector(
    AttendanceDbContext db, WorkCalendar calendar, WorkSchedule schedule, IOptions<HallOptions> hall, TimeProvider time)
{
    /// <summary>Marks what is due now; returns how many absences it marked.</summary>
    public async Task<int> DetectAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = calendar.DateOf(now);
        var marked = 0;
        for (var date = today.AddDays(-schedule.AbsenceLookbackDays); date <= today; date = date.AddDays(1))
        {
            var cutoff = calendar.At(date, schedule.AbsenceCutoff);
            if (!calendar.IsWorkday(date) || cutoff > now)
                continue;
            marked += await DetectDayAsync(date, cutoff, now, cancellationToken);
        }
        return marked;
    }

    private async Task<int> DetectDayAsync(DateOnly date, DateTimeOffset cutoff, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rostered = await db.Rosters.AsNoTracking().Where(r => r.Date == date)
            .Select(r => new { r.StaffId, r.WindowId }).ToListAsync(cancellationToken);
        if (rostered.Count == 0)
            return 0;
        var present = await db.Records.AsNoTracking()
            .Where(r => r.WorkDate == date && r.FirstClockInAt != null && r.FirstClockInAt < cutoff)
            .Select(r => r.StaffId).ToListAsync(cancellationToken);
        var alreadyMarked = await db.Absences.AsNoTracking().Where(a => a.WorkDate == date)
            .Select(a => a.StaffId).ToListAsync(cancellationToken);
        var absent = rostered
            .Where(r => !present.Contains(r.StaffId) && !alreadyMarked.Contains(r.StaffId))
            .DistinctBy(r => r.StaffId)
            .ToList();
        if (absent.Count == 0)
            return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var staff in absent)
        {
            var eventId = Guid.CreateVersion7(now);
            db.Absences.Add(new Absence
            {
                StaffId = staff.StaffId, WorkDate = date, WindowId = staff.WindowId, DetectedAt = now, EventId = eventId,
            });
            db.AddEvent(new StaffAbsent(eventId, cutoff, hall.Value.HallId, staff.StaffId, staff.WindowId, date), now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return absent.Count;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance marked them first (it held the lease before ours); nothing to add.
            db.ChangeTracker.Clear();
            return 0;
        }
    }
}
