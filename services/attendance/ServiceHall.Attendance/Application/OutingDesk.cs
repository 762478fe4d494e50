using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// 外出 and time away from the window (R1.7: "如因有事临时外出的,须报值班领导批准后方可离岗"): outings are asked for and
/// approved by the duty leader; leaving and returning are recorded as they happen, approved or not, and the off-post
/// check judges them.
/// </summary>
public sealed class OutingDesk(
    AttendanceDbContext db, WorkSchedule schedule, WindowStatusDesk statuses, UnstaffedWindowCheck unstaffed,
    AttendanceDayDesk days, WorkCalendar calendar, TimeProvider time)
{
    public async Task<Outing> RequestOutingAsync(Outing outing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outing);
        var once = new CreateOnce<Outing>("Outing", outing.OutingId, o => o.OutingId == outing.OutingId,
            o => o.StaffId == outing.StaffId && o.ApprovedMinutes == outing.ApprovedMinutes);
        if (await once.FindAsync(db, cancellationToken) is { } existing)
            return existing;
        if (!await db.Staff.AnyAsync(s => s.StaffId == outing.StaffId, cancellationToken))
            throw new NotFoundException("Staff member", outing.StaffId);
        return await once.AddAsync(db, outing, cancellationToken);
    }

    public async Task<Outing> ApproveOutingAsync(string outingId, string approver, CancellationToken cancellationToken)
    {
        var outing = await db.Outings.FirstOrDefaultAsync(o => o.OutingId == outingId, cancellationToken)
                     ?? throw new NotFoundException("Outing", outingId);
        if (string.Equals(outing.StaffId, approver, StringComparison.Ordinal))
            throw new NotPermittedException($"Outing '{outingId}' is the caller's own: nobody approves their own outing.");
        if (outing.Status != OutingStatus.Approved)
        {
            outing.Status = OutingStatus.Approved;
            outing.ApprovedBy = approver;
            await db.SaveChangesAsync(cancellationToken);
        }
        return outing;
    }

    /// <summary>
    /// The staff member leaves the window now (or at <paramref name="at"/>). Under an approved outing of theirs the
    /// time away is allowed up to the outing's minutes; otherwise up to the off-post threshold. Leaving again while
    /// away changes nothing.
    /// </summary>
    public async Task<TimeAway> LeavePostAsync(string staffId, string? outingId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken)
                    ?? throw new NotFoundException("Staff member", staffId);
        if (staff.WindowId.Length == 0)
            throw new RuleRefusedException("R1.1", $"staff/{staffId}", $"Staff member '{staffId}' has no window to leave.");
        var dayStart = calendar.At(calendar.DateOf(at), TimeOnly.MinValue);
        if (await db.Aways.AsNoTracking().FirstOrDefaultAsync(
                a => a.StaffId == staffId && a.ReturnedAt == null && a.LeftAt >= dayStart, cancellationToken) is { } open)
        {
            return open;
        }
        Outing? outing = null;
        if (!string.IsNullOrEmpty(outingId))
        {
            outing = await db.Outings.AsNoTracking().FirstOrDefaultAsync(o => o.OutingId == outingId, cancellationToken)
                     ?? throw new NotFoundException("Outing", outingId);
            if (outing.StaffId != staffId)
                throw new RuleRefusedException("R1.1", $"outing/{outingId}", $"Outing '{outingId}' is not staff member '{staffId}''s.");
        }
        var approved = outing is { Status: OutingStatus.Approved };
        // On post at their own window, or at the window of someone they stand in for.
        var post = await db.Posts.FirstOrDefaultAsync(p => p.StaffId == staffId, cancellationToken);
        var window = post?.WindowId ?? staff.WindowId;
        var away = new TimeAway
        {
            AwayId = Guid.CreateVersion7(time.GetUtcNow()),
            StaffId = staffId,
            WindowId = window,
            LeftAt = at,
            OutingId = approved ? outing!.OutingId : null,
            AllowedMinutes = approved ? outing!.ApprovedMinutes : schedule.OffPostThresholdMinutes,
        };
        db.Aways.Add(away);
        if (post is not null)
        {
            db.Posts.Remove(post);
            await unstaffed.AddEventIfUnstaffedAsync(window, staffId, at, time.GetUtcNow(), cancellationToken);
        }
        await days.SaveAndJudgeAsync(staff, [calendar.DateOf(at)], "time away was recorded", cancellationToken);
        if (post is not null)
            await statuses.RefreshAsync(window, cancellationToken);
        return away;
    }

    /// <summary>The staff member is back at the window; NotFound when they were not away.</summary>
    public async Task<TimeAway> ReturnToPostAsync(string staffId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var dayStart = calendar.At(calendar.DateOf(at), TimeOnly.MinValue);
        var away = await db.Aways.FirstOrDefaultAsync(
                       a => a.StaffId == staffId && a.ReturnedAt == null && a.LeftAt >= dayStart, cancellationToken)
                   ?? throw new RuleRefusedException("R1.1", $"staff/{staffId}",
                       $"Staff member '{staffId}' is not away from the window.");
        away.ReturnedAt = at < away.LeftAt ? away.LeftAt : at;
        if (!await db.Posts.AnyAsync(p => p.StaffId == staffId && p.WindowId == away.WindowId, cancellationToken))
            db.Posts.Add(new WindowPost { WindowId = away.WindowId, StaffId = staffId, Since = away.ReturnedAt.Value });
        var staff = await db.Staff.AsNoTracking().FirstAsync(s => s.StaffId == staffId, cancellationToken);
        await days.SaveAndJudgeAsync(staff, [calendar.DateOf(away.LeftAt)], "time away was recorded", cancellationToken);
        await statuses.RefreshAsync(away.WindowId, cancellationToken);
        return away;
    }
}
