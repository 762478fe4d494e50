namespace ServiceHall.Attendance.Domain;

/// <summary>
/// Which sessions of a day a person owes (A5 轮班): their roster entries of that day (a full day both sessions, a morning
/// shift the morning, an afternoon shift the afternoon). A person with a window but no roster entry in that week owes
/// the full day of a workday, unless the hall turns that off; a person rostered that week but not that day owes
/// nothing; leaders and office staff without a window owe none. (The day check does not look for absences on days
/// before a person was registered.)
/// </summary>
public static class OwedSessions
{
    private static readonly IReadOnlySet<DaySession> None = new HashSet<DaySession>();

    public static IReadOnlySet<DaySession> Of(StaffMember staff, DateOnly date, IEnumerable<RosterEntry> weekEntries,
        bool unrosteredOweFullDay)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (staff.WindowId.Length == 0)
            return None;
        var week = weekEntries.Where(e => e.StaffId == staff.StaffId).ToList();
        if (week.Count == 0)
            return unrosteredOweFullDay ? new HashSet<DaySession> { DaySession.Morning, DaySession.Afternoon } : None;
        var sessions = new HashSet<DaySession>();
        foreach (var entry in week.Where(e => e.Date == date))
        {
            if (entry.Shift != Shift.Afternoon)
                sessions.Add(DaySession.Morning);
            if (entry.Shift != Shift.Morning)
                sessions.Add(DaySession.Afternoon);
        }
        return sessions;
    }
}
