using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Records clock-in and clock-out punches: the punch, the day's attendance record, who is on post, the day judged again
/// (<see cref="AttendanceDayDesk"/>: its facts are provisional until the day closes) and the events (StaffClockedIn/Out,
/// WindowStatusChanged) in one transaction. Idempotent by punch id.
/// </summary>
public sealed class PunchDesk(
    AttendanceDbContext db,
    AttendanceDayDesk days,
    WorkCalendar calendar,
    WindowStatusDesk statuses,
    UnstaffedWindowCheck unstaffed,
    IOptions<HallOptions> hall,
    TimeProvider time)
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Records a punch of <paramref name="staffId"/>; a badge reader or platform (<paramref name="caller"/>) punches only
    /// for the staff of its own units (an unknown person reads as another unit's: PermissionDenied).
    /// </summary>
    public async Task<PunchResult> RecordAsync(PunchKind kind, string punchId, string staffId, DateTimeOffset punchedAt,
        string deviceId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        for (var attempt = 1; ; attempt++)
        {
            // The person, once: their unit for the caller's reach, then them for the punch.
            var known = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
            caller.RequireClientUnit(known?.UnitId, $"staff member '{staffId}'");
            if (await db.Punches.AsNoTracking().FirstOrDefaultAsync(p => p.PunchId == punchId, cancellationToken)
                is { } stored)
            {
                return Replay(stored, kind, staffId);
            }
            var staff = known ?? throw new NotFoundException("Staff member", staffId);
            if (!staff.Active)
            {
                throw new RuleRefusedException("staff-disabled", $"staff/{staffId}",
                    $"Staff member '{staffId}' is disabled (SetStaffActive); no punch is recorded for them.");
            }
            try
            {
                var (result, changedWindow) =
                    await RecordNewAsync(kind, punchId, staff, punchedAt, deviceId, cancellationToken);
                if (changedWindow is not null)
                    await statuses.RefreshAsync(changedWindow, cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts &&
                                               (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException))
            {
                // The same punch, or another punch of the same day, was written (or the day judged) concurrently:
                // look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static PunchResult Replay(Punch stored, PunchKind kind, string staffId)
    {
        if (stored.Kind != kind || !string.Equals(stored.StaffId, staffId, StringComparison.Ordinal))
        {
            throw new DuplicateException("Punch", stored.PunchId,
                "it was recorded for another staff member or as another kind of punch");
        }
        return new PunchResult(stored.RecordId, stored.Flagged, stored.Minutes);
    }

    private async Task<(PunchResult Result, string? ChangedWindow)> RecordNewAsync(PunchKind kind, string punchId,
        StaffMember staff, DateTimeOffset punchedAt, string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hallId = hall.Value.HallId;
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // In a transaction of its own, a failed save rolls all of it back and RecordAsync tries again: no savepoint
        // around every save (two more statements each). Within a caller's transaction the savepoints stay.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = savepoints && !ownTransaction;
        try
        {
            var workDate = calendar.DateOf(punchedAt);
            var record = await db.Records.FirstOrDefaultAsync(
                r => r.StaffId == staff.StaffId && r.WorkDate == workDate, cancellationToken);
            if (record is null)
            {
                record = new AttendanceRecord { RecordId = Guid.CreateVersion7(now), StaffId = staff.StaffId, WorkDate = workDate };
                db.Records.Add(record);
            }

            if (kind == PunchKind.ClockIn)
            {
                if (record.FirstClockInAt is null || punchedAt < record.FirstClockInAt)
                    record.FirstClockInAt = punchedAt;
                db.AddEvent(new StaffClockedIn(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                    record.RecordId, workDate), now);
            }
            else
            {
                if (record.LastClockOutAt is null || punchedAt > record.LastClockOutAt)
                    record.LastClockOutAt = punchedAt;
                db.AddEvent(new StaffClockedOut(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                    record.RecordId, workDate), now);
            }
            var punch = new Punch
            {
                PunchId = punchId,
                StaffId = staff.StaffId,
                Kind = kind,
                PunchedAt = punchedAt,
                ReceivedAt = now,
                DeviceId = deviceId,
                RecordId = record.RecordId,
            };
            db.Punches.Add(punch);
            var changedWindow = await UpdatePostAsync(kind, staff, punchedAt, workDate, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);

            // The day judged with this punch: a clock-in may be late for its session (provisional until the day closes);
            // a clock-out is never judged on its own (an early leave is the day's last clock-out, known at the close).
            var standing = await days.JudgeAsync(staff, workDate, "a punch was received", inputChanged: true,
                cancellationToken);
            var late = kind == PunchKind.ClockIn
                ? standing.FirstOrDefault(f => f.Kind == AttendanceFactKind.Late && f.OccurredAt == punchedAt)
                : null;
            punch.Flagged = late is not null;
            punch.Minutes = late?.Minutes ?? 0;
            record.Late = standing.Any(f => f.Kind == AttendanceFactKind.Late);
            record.MinutesLate = standing.Where(f => f.Kind == AttendanceFactKind.Late).Sum(f => f.Minutes);
            record.LeftEarly = standing.Any(f => f.Kind == AttendanceFactKind.LeftEarly);
            record.MinutesEarly = standing.Where(f => f.Kind == AttendanceFactKind.LeftEarly).Sum(f => f.Minutes);
            await db.SaveChangesAsync(cancellationToken);

            if (changedWindow is not null && await statuses.LoadAsync(changedWindow, cancellationToken) is { } status)
            {
                db.AddEvent(new WindowStatusChanged(NewId(now), now, hallId, status.WindowId,
                    status.State.ToString(), status.StaffOnPost), now);
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return (new PunchResult(record.RecordId, punch.Flagged, punch.Minutes), changedWindow);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// Today's punches put the staff member on post or take them off; an offline punch of an earlier day changes
    /// nothing on the live wall. A stand-in (替岗, R1.7) clocking in while the person they stand in for is on approved
    /// leave is on post at that person's window. Returns the window whose wall changed, if any.
    /// </summary>
    private async Task<string?> UpdatePostAsync(PunchKind kind, StaffMember staff, DateTimeOffset punchedAt,
        DateOnly workDate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (workDate != calendar.DateOf(now))
            return null;
        var post = await db.Posts.FirstOrDefaultAsync(p => p.StaffId == staff.StaffId, cancellationToken);
        string? changed = null;
        if (kind == PunchKind.ClockIn && post is null)
        {
            var standingIn = await db.Leaves.AsNoTracking()
                .Where(l => l.SubstituteStaffId == staff.StaffId && l.Status == LeaveStatus.Approved &&
                            l.StartsAt <= punchedAt && l.EndsAt > punchedAt)
                .Join(db.Staff, l => l.StaffId, s => s.StaffId, (l, s) => s.WindowId)
                .FirstOrDefaultAsync(w => w != "", cancellationToken);
            // Leaders and office staff without a window clock in and out too, but are on no window's post.
            var window = standingIn ?? staff.WindowId;
            if (window.Length == 0)
                return null;
            db.Posts.Add(new WindowPost { WindowId = window, StaffId = staff.StaffId, Since = punchedAt });
            changed = window;
        }
        else if (kind == PunchKind.ClockOut && post is not null)
        {
            db.Posts.Remove(post);
            await unstaffed.AddEventIfUnstaffedAsync(post.WindowId, staff.StaffId, punchedAt, now, cancellationToken);
            changed = post.WindowId;
        }
        if (changed is not null && await db.Windows.FirstOrDefaultAsync(w => w.WindowId == changed, cancellationToken)
                is { } changedWindow)
        {
            changedWindow.StateChangedAt = now;
        }
        return changed;
    }

    private static Guid NewId(DateTimeOffset now) => Guid.CreateVersion7(now);
}
