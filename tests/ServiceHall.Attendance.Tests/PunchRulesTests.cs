using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

public sealed class PunchRulesTests
{
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);

    private static PunchRules Rules(int graceMinutes = 0, WorkCalendarOptions? calendar = null) =>
        new(new WorkSchedule { GraceMinutes = graceMinutes }, new WorkCalendar(calendar ?? new WorkCalendarOptions()));

    // 2026-11-23 is a Monday.
    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) =>
        new(2026, 11, day, hour, minute, second, Hall);

    [Fact]
    public void First_clock_in_after_nine_is_late_by_whole_minutes_rounded_up()
    {
        var result = Rules().AssessClockIn(At(23, 9, 12, 1), firstClockInOfDay: true);

        Assert.Equal(new PunchAssessment(new DateOnly(2026, 11, 23), true, 13), result);
    }

    [Fact]
    public void Clock_in_at_nine_sharp_is_on_time_and_one_second_later_is_late()
    {
        Assert.False(Rules().AssessClockIn(At(23, 9, 0), true).Flagged);
        Assert.Equal(1, Rules().AssessClockIn(At(23, 9, 0, 1), true).Minutes);
    }

    [Fact]
    public void Grace_minutes_delay_lateness_but_count_from_the_start_of_work()
    {
        Assert.False(Rules(graceMinutes: 5).AssessClockIn(At(23, 9, 5), true).Flagged);
        var late = Rules(graceMinutes: 5).AssessClockIn(At(23, 9, 6), true);

        Assert.True(late.Flagged);
        Assert.Equal(6, late.Minutes);
    }

    [Fact]
    public void A_later_clock_in_of_the_same_day_is_never_late()
    {
        Assert.False(Rules().AssessClockIn(At(23, 13, 30), firstClockInOfDay: false).Flagged);
    }

    [Fact]
    public void Weekends_are_not_workdays_by_default()
    {
        Assert.False(Rules().AssessClockIn(At(28, 11, 0), true).Flagged); // Saturday
        Assert.False(Rules().AssessClockOut(At(29, 10, 0)).Flagged); // Sunday
    }

    [Fact]
    public void A_make_up_saturday_is_a_workday_and_a_holiday_is_not()
    {
        var calendar = new WorkCalendarOptions { MakeUpWorkdays = { new DateOnly(2026, 11, 28) }, Holidays = { new DateOnly(2026, 11, 24) } };

        Assert.True(Rules(calendar: calendar).AssessClockIn(At(28, 9, 30), true).Flagged); // Saturday, worked
        Assert.False(Rules(calendar: calendar).AssessClockIn(At(24, 9, 30), true).Flagged); // Tuesday, holiday
    }

    [Fact]
    public void Working_hours_come_from_the_calendar()
    {
        var summer = new WorkCalendarOptions { StartOfWork = new TimeOnly(8, 30), EndOfWork = new TimeOnly(17, 30) };

        Assert.Equal(1, Rules(calendar: summer).AssessClockIn(At(23, 8, 31), true).Minutes);
        Assert.Equal(30, Rules(calendar: summer).AssessClockOut(At(23, 17, 0)).Minutes);
    }

    [Fact]
    public void Clock_out_before_five_is_early_leave_and_after_is_not()
    {
        var early = Rules().AssessClockOut(At(24, 16, 29, 30));

        Assert.True(early.Flagged);
        Assert.Equal(31, early.Minutes);
        Assert.False(Rules().AssessClockOut(At(24, 17, 0)).Flagged);
    }

    [Fact]
    public void The_workday_is_the_hall_date_not_the_utc_date()
    {
        // 08:30 in Shanghai on Tuesday is 00:30 UTC on Tuesday; 07:30 is Monday 23:30 UTC.
        var punch = new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 24), Rules().WorkDateOf(punch));
        Assert.False(Rules().AssessClockIn(punch, true).Flagged);
    }
}
