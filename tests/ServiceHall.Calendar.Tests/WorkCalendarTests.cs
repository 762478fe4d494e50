namespace ServiceHall.Calendar.Tests;

public sealed class WorkCalendarTests
{
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);

    /// <summary>
    /// A National Day week as the State Council arranges it: Thursday 1 to Thursday 8 October off, with the weekend
    /// days Sunday 27 September and Saturday 10 October worked instead (调休).
    /// </summary>
    private static WorkCalendar HolidayCalendar()
    {
        var options = new WorkCalendarOptions();
        for (var day = 1; day <= 8; day++)
            options.Holidays.Add(new DateOnly(2026, 10, day));
        options.MakeUpWorkdays.Add(new DateOnly(2026, 9, 27));
        options.MakeUpWorkdays.Add(new DateOnly(2026, 10, 10));
        return new WorkCalendar(options);
    }

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, Hall);

    [Fact]
    public void Holidays_rest_and_make_up_weekend_days_work()
    {
        var calendar = HolidayCalendar();

        Assert.False(calendar.IsWorkday(new DateOnly(2026, 10, 1))); // Thursday, holiday
        Assert.True(calendar.IsWorkday(new DateOnly(2026, 10, 9))); // Friday
        Assert.True(calendar.IsWorkday(new DateOnly(2026, 10, 10))); // Saturday, make-up workday
        Assert.False(calendar.IsWorkday(new DateOnly(2026, 10, 11))); // Sunday
        Assert.True(calendar.IsWorkday(new DateOnly(2026, 9, 27))); // Sunday, make-up workday
    }

    [Fact]
    public void Working_days_skip_the_holiday_week_and_count_the_make_up_saturday()
    {
        var calendar = HolidayCalendar();

        // Accepted Wednesday 30 September: day 1 is Friday 9 October, day 2 the make-up Saturday.
        Assert.Equal(At(10, 9, 17), calendar.AddWorkingDays(At(9, 30, 10), 1));
        Assert.Equal(At(10, 10, 17), calendar.AddWorkingDays(At(9, 30, 10), 2));
        Assert.Equal(At(10, 12, 17), calendar.AddWorkingDays(At(9, 30, 10), 3));
        Assert.Equal(3, calendar.WorkdaysBetween(new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 12)));
    }

    [Fact]
    public void One_week_completion_from_a_monday_ends_the_next_monday()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions());

        Assert.Equal(At(11, 30, 17), calendar.AddWorkingDays(At(11, 23, 15), 5));
    }

    [Fact]
    public void The_lunch_break_is_not_working_time()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions());

        Assert.Equal(TimeSpan.FromHours(1), calendar.WorkingTimeBetween(At(11, 23, 11, 30), At(11, 23, 13, 30)));
        Assert.False(calendar.IsWorkingTime(At(11, 23, 12, 30)));
        Assert.Equal(At(11, 23, 13, 30), calendar.AddWorkingTime(At(11, 23, 11, 30), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(7), calendar.WorkingTimeBetween(At(11, 23, 0), At(11, 24, 0)));
    }

    [Fact]
    public void Windows_that_rotate_over_lunch_serve_through_it()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions { LunchPolicy = LunchPolicy.Rotate });

        Assert.True(calendar.IsServiceTime(At(11, 23, 12, 30)));
        Assert.False(calendar.IsWorkingTime(At(11, 23, 12, 30)));
        Assert.False(new WorkCalendar(new WorkCalendarOptions()).IsServiceTime(At(11, 23, 12, 30)));
    }

    [Fact]
    public void An_overnight_span_counts_only_the_working_hours_on_each_side()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions());

        // Monday 16:00 to Tuesday 10:00: one hour each side of the night.
        Assert.Equal(TimeSpan.FromHours(2), calendar.WorkingTimeBetween(At(11, 23, 16), At(11, 24, 10)));
        // Friday 16:30 plus two working hours: Monday 10:30.
        Assert.Equal(At(11, 30, 10, 30), calendar.AddWorkingTime(At(11, 27, 16, 30), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_span_across_the_holiday_week_counts_only_workdays()
    {
        var calendar = HolidayCalendar();

        // Wednesday 30 September 16:00 to Friday 9 October 10:00: 1 hour + 1 hour.
        Assert.Equal(TimeSpan.FromHours(2), calendar.WorkingTimeBetween(At(9, 30, 16), At(10, 9, 10)));
    }

    [Fact]
    public void Instants_in_other_offsets_are_judged_in_hall_time()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions());
        var mondayNineThirtyInUtc = new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero);

        Assert.True(calendar.IsWorkingTime(mondayNineThirtyInUtc));
        Assert.Equal(new DateOnly(2026, 11, 23), calendar.DateOf(new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Reversed_or_empty_spans_have_no_working_time()
    {
        var calendar = new WorkCalendar(new WorkCalendarOptions());

        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(11, 24, 10), At(11, 23, 10)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(11, 28, 10), At(11, 29, 18))); // a weekend
    }

    [Fact]
    public void A_lunch_break_outside_working_hours_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorkCalendar(new WorkCalendarOptions { LunchStart = new TimeOnly(8, 0) }));
        Assert.Throws<ArgumentException>(() => new WorkCalendar(new WorkCalendarOptions { EndOfWork = new TimeOnly(8, 0) }));
    }
}
