using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// A16 "不得私自调整工作时间或私自关闭窗口": a window closed during service hours needs a reason and an approved closure;
/// without one it is still closed (the wall shows the truth) and <see cref="WindowClosedWithoutApproval"/> is published.
/// </summary>
public sealed class ClosureDesk(
    AttendanceDbContext db, WindowStatusDesk statuses, WorkCalendar calendar, IOptions<HallOptions> hall,
    TimeProvider time)
{
    public async Task<WindowClosure> RequestAsync(WindowClosure closure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var once = new CreateOnce<WindowClosure>("Window closure", closure.ClosureId, c => c.ClosureId == closure.ClosureId,
            c => c.WindowId == closure.WindowId && c.StartsAt == closure.StartsAt && c.EndsAt == closure.EndsAt);
        if (await once.FindAsync(db, cancellationToken) is { } existing)
            return existing;
        if (!await db.Windows.AnyAsync(w => w.WindowId == closure.WindowId, cancellationToken))
            throw new NotFoundException("Window", closure.WindowId);
        return await once.AddAsync(db, closure, cancellationToken);
    }

    public async Task<WindowClosure> ApproveAsync(string closureId, string approver, CancellationToken cancellationToken)
    {
        var closure = await db.Closures.FirstOrDefaultAsync(c => c.ClosureId == closureId, cancellationToken)
                      ?? throw new NotFoundException("Window closure", closureId);
        if (string.Equals(closure.RequestedBy, approver, StringComparison.Ordinal))
        {
            throw new NotPermittedException(
                $"Window closure '{closureId}' was asked for by the caller: whoever asks for a closure does not approve it.");
        }
        if (!closure.Approved)
        {
            closure.Approved = true;
            closure.ApprovedBy = approver;
            await db.SaveChangesAsync(cancellationToken);
        }
        return closure;
    }

    /// <summary>Closes the window now; returns whether the closure was approved (or outside service hours).</summary>
    public async Task<bool> CloseAsync(string windowId, string reason, string closedBy, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
                     ?? throw new NotFoundException("Window", windowId);
        var now = time.GetUtcNow();
        var allowed = !calendar.IsServiceTime(now) || await db.Closures.AnyAsync(
            c => c.WindowId == windowId && c.Approved && c.StartsAt <= now && c.EndsAt > now, cancellationToken);
        if (window.ClosedAt is not null)
            return allowed;
        window.ClosedAt = now;
        window.ClosedReason = reason;
        window.StateChangedAt = now;
        if (!allowed)
            db.AddEvent(new WindowClosedWithoutApproval(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, closedBy), now);
        await db.SaveChangesAsync(cancellationToken);
        await statuses.RefreshAsync(windowId, cancellationToken);
        return allowed;
    }

    public async Task OpenAsync(string windowId, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
                     ?? throw new NotFoundException("Window", windowId);
        if (window.ClosedAt is null)
            return;
        window.ClosedAt = null;
        window.ClosedReason = null;
        window.StateChangedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await statuses.RefreshAsync(windowId, cancellationToken);
    }
}
