using ServiceHall.Calendar;
using ServiceHall.Cases.Domain;

namespace ServiceHall.Cases.Tests;

public sealed class DeadlineClockTests
{
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);

    /// <summary>National Day 2026: Thursday 1 to Thursday 8 October off; Sunday 27 September and Saturday 10 October worked.</summary>
    private static WorkCalendar HolidayCalendar()
    {
        var options = new WorkCalendarOptions();
        for (var day = 1; day <= 8; day++)
            options.Holidays.Add(new DateOnly(2026, 10, day));
        options.MakeUpWorkdays.Add(new DateOnly(2026, 9, 27));
        options.MakeUpWorkdays.Add(new DateOnly(2026, 10, 10));
        return new WorkCalendar(options);
    }

    private static readonly WorkCalendar Calendar = HolidayCalendar();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Hall);

    [Fact]
    public void Accepted_on_the_friday_before_the_holiday_five_working_days_end_after_it()
    {
        // Workdays after Friday 25 September: Sun 27 (make-up), Mon 28, Tue 29, Wed 30, then Fri 9 October.
        var clock = new DeadlineClock(At(9, 25, 15), 5);

        Assert.Equal(At(10, 9, 17), clock.DueAt(Calendar, At(9, 25, 15)));
    }

    [Fact]
    public void A_suspension_across_the_holiday_moves_the_due_moment_by_the_working_time_suspended_only()
    {
        var clock = new DeadlineClock(At(9, 28, 10), 5); // due Mon 12 October 17:00 without suspension
        clock.Suspend(At(9, 30, 16), "补正: 租赁合同");
        var whileSuspended = clock.StepAt(Calendar, At(10, 9, 9, 30));
        clock.Resume(At(10, 9, 10));

        // Suspended: Wed 30 Sep 16-17 and Fri 9 Oct 9-10 = 2 working hours; the holiday in between costs nothing.
        Assert.Equal(TimeSpan.FromHours(2), clock.Suspended(Calendar, At(10, 9, 12)));
        Assert.Equal(At(10, 13, 11), clock.DueAt(Calendar, At(10, 9, 12)));
        Assert.Equal(EscalationStep.None, whileSuspended);
        // Mon 28 10-12 and 13-17 (6h), Tue 29 (7h), Wed 30 9-12, 13-16 (6h), Fri 9 10-12 (2h): 21 hours run.
        Assert.Equal(TimeSpan.FromHours(21), clock.Elapsed(Calendar, At(10, 9, 12)));
    }

    [Fact]
    public void The_limit_is_extended_once_with_a_reason_and_never_past_the_statutory_limit()
    {
        var clock = new DeadlineClock(At(11, 23, 10), 5);

        var tooFar = Assert.Throws<CaseRuleException>(() => clock.Extend(16, "复杂", statutoryDays: 20));
        clock.Extend(3, "需现场核查", statutoryDays: 20);
        var twice = Assert.Throws<CaseRuleException>(() => clock.Extend(1, "再延", statutoryDays: 20));

        Assert.Contains("statutory", tooFar.Message);
        Assert.Contains("already extended", twice.Message);
        Assert.Equal((3, "需现场核查"), (clock.ExtensionDays, clock.ExtensionReason));
        Assert.Equal(At(12, 3, 17), clock.DueAt(Calendar, At(11, 23, 10))); // 8 workdays after Monday 23 November
    }

    [Fact]
    public void Escalation_steps_two_days_left_due_and_overdue_follow_the_calendar()
    {
        var clock = new DeadlineClock(At(11, 23, 10), 5); // due Monday 30 November 17:00

        Assert.Equal(EscalationStep.None, clock.StepAt(Calendar, At(11, 25, 16)));
        Assert.Equal(EscalationStep.TwoDaysLeft, clock.StepAt(Calendar, At(11, 26, 9)));
        Assert.Equal(EscalationStep.TwoDaysLeft, clock.StepAt(Calendar, At(11, 29, 12))); // Sunday
        Assert.Equal(EscalationStep.Due, clock.StepAt(Calendar, At(11, 30, 9)));
        Assert.Equal(EscalationStep.Overdue, clock.StepAt(Calendar, At(11, 30, 17, 1)));
        Assert.True(clock.Remaining(Calendar, At(12, 1, 10)) < TimeSpan.Zero);
        clock.Stop(At(12, 1, 10));
        Assert.Equal(EscalationStep.None, clock.StepAt(Calendar, At(12, 2, 10)));
    }

    [Fact]
    public void Two_clocks_of_one_case_run_on_their_own()
    {
        var tax = new DeadlineClock(At(11, 23, 10), 3);
        var fire = new DeadlineClock(At(11, 23, 10), 3);
        fire.Suspend(At(11, 24, 9), "消防现场勘验");

        Assert.Equal(EscalationStep.Overdue, tax.StepAt(Calendar, At(11, 27, 9)));
        Assert.Equal(EscalationStep.None, fire.StepAt(Calendar, At(11, 27, 9)));
        Assert.True(fire.DueAt(Calendar, At(11, 27, 9)) > tax.DueAt(Calendar, At(11, 27, 9)));
    }

    [Fact]
    public void A_stopped_clock_cannot_be_suspended_and_resuming_needs_a_suspension()
    {
        var clock = new DeadlineClock(At(11, 23, 10), 5);
        Assert.Throws<CaseRuleException>(() => clock.Resume(At(11, 23, 11)));
        clock.Stop(At(11, 24, 10));
        Assert.Throws<CaseRuleException>(() => clock.Suspend(At(11, 24, 11), "x"));
    }
}
