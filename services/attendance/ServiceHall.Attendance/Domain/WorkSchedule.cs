namespace ServiceHall.Attendance.Domain;

/// <summary>
/// The clocking tolerances (configuration section <c>Attendance</c>). Workdays and working hours (A4: 09:00-17:00,
/// holidays and make-up workdays 调休) are the hall's work calendar's (<c>Hall:Calendar</c>).
/// </summary>
public sealed class WorkSchedule
{
    public const string Section = "Attendance";

    /// <summary>Minutes after the start of work that still count as on time (default 0).</summary>
    public int GraceMinutes { get; set; }

    /// <summary>How far back an offline badge reader may upload a punch (default 7 days).</summary>
    public TimeSpan MaxBackfill { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead of the server clock a device clock may run (default 2 minutes).</summary>
    public TimeSpan MaxClockSkewAhead { get; set; } = TimeSpan.FromMinutes(2);
}
