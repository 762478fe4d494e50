using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Domain;

/// <summary>
/// R1.7 / A5: leave must not leave a window unstaffed. For every rostered workday the leave touches, the window keeps
/// at least one rostered staff member who is not on approved leave then, or an accepted substitute who is not on
/// leave either.
/// </summary>
public sealed class LeaveCoverageRule(WorkCalendar calendar)
{
    /// <param name="candidate">The leave to approve.</param>
    /// <param name="roster">The roster entries of the candidate's window for the days of the leave.</param>
    /// <param name="approved">Approved leave of anyone at that window or among the substitutes, overlapping it.</param>
    /// <returns>The days the window would be unstaffed.</returns>
    public IReadOnlyList<DateOnly> UnstaffedDays(LeaveRequest candidate, IReadOnlyCollection<RosterEntry> roster,
        IReadOnlyCollection<LeaveRequest> approved)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var onLeave = approved.Where(l => l.LeaveId != candidate.LeaveId).Append(candidate).ToList();
        var days = new List<DateOnly>();
        for (var date = calendar.DateOf(candidate.StartsAt); date <= calendar.DateOf(candidate.EndsAt); date = date.AddDays(1))
        {
            var periods = calendar.WorkingPeriods(date);
            var rostered = roster.Where(r => r.Date == date).Select(r => r.StaffId).Distinct().ToList();
            if (periods.Count == 0 || rostered.Count == 0 || !periods.Any(p => candidate.Overlaps(p.Start, p.End)))
                continue;
            var dayStart = periods[0].Start;
            var dayEnd = periods[^1].End;
            bool Away(string staffId) => onLeave.Any(l => l.StaffId == staffId && l.Overlaps(dayStart, dayEnd));
            var covering = rostered.Where(s => !Away(s))
                .Concat(onLeave.Where(l => l.Status is LeaveStatus.SubstituteAccepted or LeaveStatus.Approved &&
                                           l.Overlaps(dayStart, dayEnd))
                    .Select(l => l.SubstituteStaffId).Where(s => !Away(s)));
            if (!covering.Any())
                days.Add(date);
        }
        return days;
    }
}
