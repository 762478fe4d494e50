using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using OpenTelemetry;
using ServiceHall.ServiceDefaults;
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

    /// <summary>Rostered staff of the day with no clock-in before the cut-off and no absence marked yet.</summary>
    private async Task<List<(string StaffId, string WindowId)>> FindAbsentAsync(DateOnly date, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        using var quiet = SuppressInstrumentationScope.Begin();
        var rostered = await db.Rosters.AsNoTracking().Where(r => r.Date == date)
            .Select(r => new { r.StaffId, r.WindowId }).ToListAsync(cancellationToken);
        if (rostered.Count == 0)
            return [];
        var present = await db.Records.AsNoTracking()
            .Where(r => r.WorkDate == date && r.FirstClockInAt != null && r.FirstClockInAt < cutoff)
            .Select(r => r.StaffId).ToListAsync(cancellationToken);
        var alreadyMarked = await db.Absences.AsNoTracking().Where(a => a.WorkDate == date)
            .Select(a => a.StaffId).ToListAsync(cancellationToken);
        // Approved leave during the morning (start of work to cut-off) is not absence.
        var startOfWork = calendar.At(date, calendar.Options.StartOfWork);
        var onLeave = await db.Leaves.AsNoTracking()
            .Where(l => l.Status == LeaveStatus.Approved && l.StartsAt < cutoff && l.EndsAt > startOfWork)
            .Select(l => l.StaffId).ToListAsync(cancellationToken);
        return AbsenceRule.Absentees(rostered.Select(r => (r.StaffId, r.WindowId)),
            present.ToHashSet(StringComparer.Ordinal), onLeave.ToHashSet(StringComparer.Ordinal),
            alreadyMarked.ToHashSet(StringComparer.Ordinal)).ToList();
    }

    private async Task<int> DetectDayAsync(DateOnly date, DateTimeOffset cutoff, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var absent = await FindAbsentAsync(date, cutoff, cancellationToken);
        if (absent.Count == 0)
            return 0;

        // Marking absences is worth a trace (its events continue it); the minutely look that finds none is not.
        using var activity = ServiceHallTelemetry.Domain.StartActivity("mark absences");
        activity?.SetTag("servicehall.work_date", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        activity?.SetTag("servicehall.absences", absent.Count);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (staffId, windowId) in absent)
        {
            var eventId = Guid.CreateVersion7(now);
            db.Absences.Add(new Absence
            {
                StaffId = staffId, WorkDate = date, WindowId = windowId, DetectedAt = now, EventId = eventId,
            });
            db.AddEvent(new StaffAbsent(eventId, cutoff, hall.Value.HallId, staffId, windowId, date), now);
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
