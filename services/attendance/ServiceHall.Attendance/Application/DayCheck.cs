using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// What the clock alone changes about people's days, looked at every <see cref="WorkSchedule.DayCheckInterval"/> over
/// the last <see cref="WorkSchedule.AbsenceLookbackDays"/> days (a check missed while the service was down is made up):
/// a session's absence cut-off passing (缺岗), a day closing (early leave, a forgotten clock-out), time away running
/// past the threshold; then the provisional facts of closed, settled days become final and are published; and posts
/// left from an earlier day (a forgotten clock-out) are taken off the wall.
/// </summary>
public sealed class DayCheck(
    AttendanceDbContext db, AttendanceDayDesk days, WindowStatusDesk statuses, WorkCalendar calendar,
    WorkSchedule schedule, TimeProvider time)
{
    /// <summary>Returns how many facts it made final.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await FindDueAsync(now, cancellationToken);
        foreach (var (staff, date) in due)
        {
            // Judging a day is worth a trace (its facts continue it); the minutely look that finds nothing is not.
            using var activity = ServiceHallTelemetry.Domain.StartActivity("judge attendance day");
            activity?.SetTag("servicehall.staff_id", staff.StaffId);
            activity?.SetTag("servicehall.work_date", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await InOwnTransactionAsync(async () =>
            {
                await days.JudgeAsync(staff, date, "the day check", inputChanged: false, cancellationToken);
                return 0;
            }, cancellationToken);
        }
        var finalized = await FinalizeSettledAsync(now, cancellationToken);
        await EndEarlierDaysAsync(now, cancellationToken);
        return finalized;
    }

    /// <summary>The (person, day) pairs whose judgement is behind the clock.</summary>
    private async Task<List<(StaffMember Staff, DateOnly Date)>> FindDueAsync(DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        using var quiet = SuppressInstrumentationScope.Begin(); // the minutely look that finds nothing is no trace
        var today = calendar.DateOf(now);
        var from = today.AddDays(-schedule.AbsenceLookbackDays);
        var staff = await db.Staff.AsNoTracking().Where(s => s.WindowId != "").ToListAsync(cancellationToken);
        var firstMonday = AttendanceDayDesk.WeekOf(from).Monday;
        var rosters = (await db.Rosters.AsNoTracking().Where(r => r.Date >= firstMonday).ToListAsync(cancellationToken))
            .ToLookup(r => (r.StaffId, AttendanceDayDesk.WeekOf(r.Date).Monday));
        var judged = (await db.Days.AsNoTracking().Where(d => d.WorkDate >= from).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.StaffId, d.WorkDate));
        var registers = (await db.DutyRegister.AsNoTracking().Where(r => r.Date >= from).Select(r => r.Date)
            .ToListAsync(cancellationToken)).ToHashSet();
        var todayStart = calendar.At(today, TimeOnly.MinValue);
        // Time away still open today whose allowance has run out and has no fact yet: judged so off post shows at once.
        var open = await db.Aways.AsNoTracking().Where(a => a.ReturnedAt == null && a.LeftAt >= todayStart)
            .ToListAsync(cancellationToken);
        var found = (await db.Facts.AsNoTracking().Where(f => f.WorkDate == today && f.Key.StartsWith("away:"))
            .Select(f => f.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var away = open.Where(a => now >= a.LeftAt.AddMinutes(a.AllowedMinutes) && !found.Contains($"away:{a.AwayId:N}"))
            .Select(a => a.StaffId).ToHashSet(StringComparer.Ordinal);

        var due = new List<(StaffMember, DateOnly)>();
        for (var date = from; date <= today; date = date.AddDays(1))
        {
            if (!calendar.IsWorkday(date))
                continue;
            var closed = registers.Contains(date) || now >= days.CloseTimeOf(date);
            foreach (var person in staff)
            {
                // Not judged on a day of their disabled period (SetStaffActive).
                if (person.IsDisabledOn(date, calendar.DateOf))
                    continue;
                judged.TryGetValue((person.StaffId, date), out var day);
                var week = rosters[(person.StaffId, AttendanceDayDesk.WeekOf(date).Monday)].ToList();
                // Nobody is looked for on a day before they were registered, unless they punched or were rostered.
                if (day is null && date < calendar.DateOf(person.RegisteredAt) && week.All(r => r.Date != date))
                    continue;
                var owed = OwedSessions.Of(person, date, week, schedule.UnrosteredOweFullDay);
                var stage = days.StageOf(date, owed, closed || day?.ClosedAt is not null, now);
                var behind = day is null ? owed.Count > 0 && stage > 0 : day.JudgedStage < stage;
                if (behind || (date == today && away.Contains(person.StaffId)))
                    due.Add((person, date));
            }
        }
        return due;
    }

    private async Task<int> FinalizeSettledAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(string StaffId, DateOnly WorkDate)> settled;
        using (SuppressInstrumentationScope.Begin())
        {
            var pending = await db.Facts.AsNoTracking().Where(f => f.Status == AttendanceFactStatus.Provisional)
                .Select(f => new { f.StaffId, f.WorkDate }).Distinct().ToListAsync(cancellationToken);
            if (pending.Count == 0)
                return 0;
            var staff = pending.Select(p => p.StaffId).Distinct().ToList();
            var dates = pending.Select(p => p.WorkDate).Distinct().ToList();
            var closed = await db.Days.AsNoTracking()
                .Where(d => staff.Contains(d.StaffId) && dates.Contains(d.WorkDate) && d.ClosedAt != null)
                .Select(d => new { d.StaffId, d.WorkDate, d.LastChangedAt }).ToListAsync(cancellationToken);
            var due = closed.Where(d => d.LastChangedAt + schedule.FactSettleTime <= now)
                .Select(d => (d.StaffId, d.WorkDate)).ToHashSet();
            settled = pending.Select(p => (p.StaffId, p.WorkDate)).Where(due.Contains).ToList();
        }
        var finalized = 0;
        foreach (var (staffId, date) in settled)
        {
            using var activity = ServiceHallTelemetry.Domain.StartActivity("finalize attendance facts");
            activity?.SetTag("servicehall.staff_id", staffId);
            finalized += await InOwnTransactionAsync(async () =>
            {
                var tracked = await db.Days.FirstAsync(d => d.StaffId == staffId && d.WorkDate == date, cancellationToken);
                tracked.Revision++; // a judging of the same day at once conflicts with this
                return await days.FinalizeAsync(staffId, date, cancellationToken);
            }, cancellationToken);
        }
        return finalized;
    }

    /// <summary>
    /// Being on post ends with the day: posts from an earlier day are removed (the wall shows nobody there) and time
    /// away left open on an earlier day ends with that day's work.
    /// </summary>
    private async Task EndEarlierDaysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var todayStart = calendar.At(calendar.DateOf(now), TimeOnly.MinValue);
        List<WindowPost> stale;
        List<TimeAway> open;
        using (SuppressInstrumentationScope.Begin())
        {
            stale = await db.Posts.Where(p => p.Since < todayStart).ToListAsync(cancellationToken);
            open = await db.Aways.Where(a => a.ReturnedAt == null && a.LeftAt < todayStart).ToListAsync(cancellationToken);
        }
        if (stale.Count == 0 && open.Count == 0)
            return;
        using var activity = ServiceHallTelemetry.Domain.StartActivity("end earlier days on post");
        db.Posts.RemoveRange(stale);
        foreach (var away in open)
        {
            var endOfWork = calendar.At(calendar.DateOf(away.LeftAt), calendar.Options.EndOfWork);
            away.ReturnedAt = endOfWork > away.LeftAt ? endOfWork : away.LeftAt;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        foreach (var windowId in stale.Select(p => p.WindowId).Distinct(StringComparer.Ordinal))
            await statuses.RefreshAsync(windowId, cancellationToken);
    }

    /// <summary>
    /// One unit of work; a concurrent judging of the same day (a punch arriving) wins and this one is left for the
    /// next look.
    /// </summary>
    private async Task<int> InOwnTransactionAsync(Func<Task<int>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
