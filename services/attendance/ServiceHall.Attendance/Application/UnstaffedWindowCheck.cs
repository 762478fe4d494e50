using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// A16 / A5: when the last staff member leaves a window during service hours, <see cref="WindowUnstaffed"/> goes into
/// the same transaction as the change that emptied it. Call after the post was removed (tracked, not yet saved).
/// </summary>
public sealed class UnstaffedWindowCheck(AttendanceDbContext db, WorkCalendar calendar, IOptions<HallOptions> hall)
{
    public async Task AddEventIfUnstaffedAsync(string windowId, string leavingStaffId, DateTimeOffset at,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!calendar.IsServiceTime(at))
            return;
        var stillOnPost = await db.Posts.AnyAsync(p => p.WindowId == windowId && p.StaffId != leavingStaffId,
            cancellationToken);
        if (!stillOnPost)
            db.AddEvent(new WindowUnstaffed(Guid.CreateVersion7(now), at, hall.Value.HallId, windowId, leavingStaffId), now);
    }
}
