namespace ServiceHall.Attendance.Domain;

/// <summary>
/// Working hours of the hall (A4: 09:00-17:00 on workdays by default) and the clocking tolerances
/// (configuration section <c>Attendance</c>). Holidays and make-up workdays (调休) come with the work calendar.
/// </summary>
public sealed class WorkSchedule
{
    public const string Section = "Attendance";

    public TimeOnly StartOfWork { get; set; } = new(9, 0);

    public TimeOnly EndOfWork { get; set; } = new(17, 0);

    /// <summary>Minutes after the start of work that still count as on time (default 0).</summary>
    public int GraceMinutes { get; set; }

    public IReadOnlyList<DayOfWeek> Workdays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>How far back an offline badge reader may upload a punch (default 7 days).</summary>
    public TimeSpan MaxBackfill { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead of the server clock a device clock may run (default 2 minutes).</summary>
    public TimeSpan MaxClockSkewAhead { get; set; } = TimeSpan.FromMinutes(2);

    public bool IsWorkday(DateOnly date) => Workdays.Contains(date.DayOfWeek);
}
