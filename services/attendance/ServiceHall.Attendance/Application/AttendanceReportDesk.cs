using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>Loads the attendance facts of a span of days and counts them (<see cref="AttendanceTally"/>).</summary>
public sealed class AttendanceReportDesk(AttendanceDbContext db, WorkCalendar calendar)
{
    public async Task<IReadOnlyList<AttendanceLine>> CountAsync(DateOnly from, DateOnly to, string? unitId,
        CancellationToken cancellationToken)
    {
        var staff = await db.Staff.AsNoTracking().Where(s => unitId == null || s.UnitId == unitId)
            .ToListAsync(cancellationToken);
        var ids = staff.Select(s => s.StaffId).ToList();
        // A little wider than the span in instants: hall days are local, timestamps UTC.
        var (start, end) = (calendar.At(from, TimeOnly.MinValue).AddDays(-1), calendar.At(to, TimeOnly.MinValue).AddDays(2));
        var records = await db.Records.AsNoTracking()
            .Where(r => ids.Contains(r.StaffId) && r.WorkDate >= from && r.WorkDate <= to).ToListAsync(cancellationToken);
        var facts = await db.Facts.AsNoTracking()
            .Where(f => ids.Contains(f.StaffId) && f.WorkDate >= from && f.WorkDate <= to).ToListAsync(cancellationToken);
        var leaves = await db.Leaves.AsNoTracking()
            .Where(l => ids.Contains(l.StaffId) && l.Status == LeaveStatus.Approved && l.StartsAt < end && l.EndsAt > start)
            .ToListAsync(cancellationToken);
        return AttendanceTally.Count(calendar, from, to, staff, records, facts, leaves);
    }

    /// <summary>The summary of a week as produced for the office on Friday, if it was.</summary>
    public Task<WeeklySummary?> ProducedAsync(DateOnly weekStart, CancellationToken cancellationToken) =>
        db.WeeklySummaries.AsNoTracking().FirstOrDefaultAsync(s => s.WeekStart == weekStart, cancellationToken);
}
