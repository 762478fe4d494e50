namespace ServiceHall.Calendar;

/// <summary>
/// A hall's work calendar as configured (section <c>Hall:Calendar</c>): weekly workdays, public holidays, make-up
/// workdays (调休), working hours (A4: 09:00-17:00) and the lunch break (12:00-13:00).
/// </summary>
public sealed class WorkCalendarOptions
{
    public const string Section = "Hall:Calendar";

    /// <summary>IANA time zone the calendar's dates and hours are in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public IList<DayOfWeek> Workdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Public holidays: no work, whatever the weekday.</summary>
    public IList<DateOnly> Holidays { get; } = [];

    /// <summary>调休: weekend days that are workdays, to make up for a long holiday.</summary>
    public IList<DateOnly> MakeUpWorkdays { get; } = [];

    public TimeOnly StartOfWork { get; set; } = new(9, 0);

    public TimeOnly EndOfWork { get; set; } = new(17, 0);

    /// <summary>Lunch break start; null for none.</summary>
    public TimeOnly? LunchStart { get; set; } = new(12, 0);

    public TimeOnly? LunchEnd { get; set; } = new(13, 0);

    public LunchPolicy LunchPolicy { get; set; } = LunchPolicy.Close;
}
