using ServiceHall.Calendar;

namespace ServiceHall.Complaints.Domain;

/// <summary>
/// A complaint left unresolved past its deadline goes up, each step once: to the unit head when overdue (level 1), to
/// the bureau leader when still unresolved <c>escalationDays</c> working days after that (level 2).
/// </summary>
public static class ComplaintEscalation
{
    public static readonly IReadOnlyList<string> Levels = ["unit-head", "bureau-leader"];

    /// <summary>The level reached at <paramref name="now"/> (0 none).</summary>
    public static int LevelAt(WorkCalendar calendar, DateTimeOffset dueAt, int escalationDays, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (now <= dueAt)
            return 0;
        return now > calendar.AddWorkingDays(dueAt, escalationDays) ? 2 : 1;
    }
}
