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

    /// <summary>
    /// 缺岗: a rostered staff member with no clock-in before this hall time of a workday is absent (default 12:00,
    /// the end of the morning: later than that is no longer a late arrival).
    /// </summary>
    public TimeOnly AbsenceCutoff { get; set; } = new(12, 0);

    /// <summary>How many days back the absence check looks, so a check missed while the service was down is made up.</summary>
    public int AbsenceLookbackDays { get; set; } = 7;

    /// <summary>脱岗: minutes a staff member may be away from the window without an approved outing (default 15).</summary>
    public int OffPostThresholdMinutes { get; set; } = 15;

    /// <summary>How often the off-post check runs (on one instance at a time, under a lease).</summary>
    public TimeSpan OffPostCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>R1.6: the day the weekly attendance summary is produced for the office (default Friday).</summary>
    public DayOfWeek WeeklySummaryDay { get; set; } = DayOfWeek.Friday;

    /// <summary>R1.6: the hall time that day from which it is produced (default 15:00, "Friday afternoon").</summary>
    public TimeOnly WeeklySummaryAt { get; set; } = new(15, 0);

    /// <summary>How often the weekly summary job looks whether a summary is due (under a lease).</summary>
    public TimeSpan WeeklySummaryCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the absence check runs (on one instance at a time, under a lease).</summary>
    public TimeSpan AbsenceCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
