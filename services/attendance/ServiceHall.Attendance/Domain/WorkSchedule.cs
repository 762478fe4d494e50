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
    /// 缺岗: an owed morning session without a clock-in by this hall time is absent, not late (default 12:00, the end
    /// of the morning: any arrival in the morning is a late arrival).
    /// </summary>
    public TimeOnly AbsenceCutoff { get; set; } = new(12, 0);

    /// <summary>缺岗: the same for the afternoon session (default 17:00, its end).</summary>
    public TimeOnly AfternoonAbsenceCutoff { get; set; } = new(17, 0);

    /// <summary>
    /// When a day closes by itself if the duty leader did not write its register (R1.6): this hall time of the next
    /// workday (default 12:00). Until then its facts are provisional.
    /// </summary>
    public TimeOnly DayClosesAt { get; set; } = new(12, 0);

    /// <summary>
    /// A closed day's provisional facts become final once nothing of the day changed for this long (default 5 minutes):
    /// a reader uploading a day's punches one by one is heard to the end before anything counts.
    /// </summary>
    public TimeSpan FactSettleTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Staff with a window and no roster entry in a week owe the full day of each workday (default true).</summary>
    public bool UnrosteredOweFullDay { get; set; } = true;

    /// <summary>How many days back the day check looks, so a check missed while the service was down is made up.</summary>
    public int AbsenceLookbackDays { get; set; } = 7;

    /// <summary>脱岗: minutes a staff member may be away from the window without an approved outing (default 15).</summary>
    public int OffPostThresholdMinutes { get; set; } = 15;

    /// <summary>R1.6: the day the weekly attendance summary is produced for the office (default Friday).</summary>
    public DayOfWeek WeeklySummaryDay { get; set; } = DayOfWeek.Friday;

    /// <summary>R1.6: the hall time that day from which it is produced (default 15:00, "Friday afternoon").</summary>
    public TimeOnly WeeklySummaryAt { get; set; } = new(15, 0);

    /// <summary>How often the weekly summary job looks whether a summary is due (under a lease).</summary>
    public TimeSpan WeeklySummaryCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the day check runs (on one instance at a time, under a lease): cut-offs passed, days closing, facts
    /// settling, time away running past the threshold, posts left from an earlier day.
    /// </summary>
    public TimeSpan DayCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
