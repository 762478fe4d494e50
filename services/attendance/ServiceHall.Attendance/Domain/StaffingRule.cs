using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Domain;

/// <summary>
/// A5 "服务窗口应当配备工作人员不少于2名,同时应制定轮班制度": every workday a window has at least two rostered staff,
/// and both halves of the day (morning, afternoon) are covered, so one can stand in for the other.
/// Rest days need no roster; an entry on a rest day is allowed (overtime, a Saturday service).
/// </summary>
public sealed class StaffingRule(WorkCalendar calendar)
{
    public const int MinimumStaff = 2;

    /// <summary>The days of the week starting <paramref name="weekStart"/> that break the rule, with why.</summary>
    public IReadOnlyList<StaffingGap> Check(DateOnly weekStart, IReadOnlyCollection<RosterEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var gaps = new List<StaffingGap>();
        for (var date = weekStart; date < weekStart.AddDays(7); date = date.AddDays(1))
        {
            if (!calendar.IsWorkday(date))
                continue;
            var day = entries.Where(e => e.Date == date).ToList();
            var staff = day.Select(e => e.StaffId).Distinct(StringComparer.Ordinal).Count();
            if (staff < MinimumStaff)
            {
                gaps.Add(new StaffingGap(date, $"{staff} rostered staff member(s); A5 requires at least {MinimumStaff}"));
                continue;
            }
            if (!day.Any(e => e.Shift is Shift.FullDay or Shift.Morning))
                gaps.Add(new StaffingGap(date, "nobody rostered for the morning"));
            if (!day.Any(e => e.Shift is Shift.FullDay or Shift.Afternoon))
                gaps.Add(new StaffingGap(date, "nobody rostered for the afternoon"));
        }
        return gaps;
    }
}

/// <summary>A day on which a window's roster breaks the staffing rule.</summary>
public sealed record StaffingGap(DateOnly Date, string Reason);
