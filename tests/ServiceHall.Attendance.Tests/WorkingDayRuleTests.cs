using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

/// <summary>
/// The working day (R1.1, A4, A5, R1.7): ordinary days first — four punches, lunch, shifts, a forgotten clock-out,
/// leave — then the facts. Monday 2026-11-23, hall time (Asia/Shanghai), 09:00–12:00 and 13:00–17:00.
/// </summary>
public sealed class WorkingDayRuleTests
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly IReadOnlySet<DaySession> FullDay = new HashSet<DaySession> { DaySession.Morning, DaySession.Afternoon };
    private static readonly IReadOnlySet<DaySession> MorningShift = new HashSet<DaySession> { DaySession.Morning };
    private static readonly IReadOnlySet<DaySession> AfternoonShift = new HashSet<DaySession> { DaySession.Afternoon };

    private static DateTimeOffset At(int hour, int minute, int second = 0, int day = 23) =>
        new(2026, 11, day, hour, minute, second, Offset);

    private static DayPunch In(int hour, int minute, int second = 0) => new(PunchKind.ClockIn, At(hour, minute, second));

    private static DayPunch Out(int hour, int minute) => new(PunchKind.ClockOut, At(hour, minute));

    private static WorkingDayRule Rule(WorkSchedule? schedule = null, WorkCalendarOptions? options = null)
    {
        var calendar = new WorkCalendar(options ?? new WorkCalendarOptions());
        return new WorkingDayRule(calendar, AttendanceDayDesk.SettingsOf(calendar, schedule ?? new WorkSchedule()));
    }

    private static IReadOnlyList<JudgedFact> Judge(DayPunch[] punches, bool closed = true,
        IReadOnlySet<DaySession>? owed = null, DateTimeOffset? asOf = null, DaySpan[]? leave = null,
        DayAway[]? aways = null, WorkingDayRule? rule = null, DateOnly? date = null) =>
        (rule ?? Rule()).Judge(new WorkingDayInput(date ?? Monday, owed ?? FullDay, punches, leave ?? [], aways ?? [],
            asOf ?? (closed ? At(12, 0, day: 24) : At(17, 30)), closed));

    private static string Describe(IEnumerable<JudgedFact> facts) =>
        string.Join("; ", facts.Select(f => $"{f.Kind}/{f.Session}/{f.Minutes}"));

    [Fact]
    public void Four_punches_a_day_with_lunch_produce_no_fact()
    {
        Assert.Empty(Judge([In(8, 55), Out(12, 0), In(12, 58), Out(17, 2)]));
        Assert.Empty(Judge([In(8, 59), Out(12, 1), In(13, 0), Out(17, 0)]));
    }

    [Fact]
    public void Staying_through_lunch_without_punches_is_an_ordinary_day()
    {
        Assert.Empty(Judge([In(8, 40), Out(17, 10)]));
    }

    [Fact]
    public void Coming_back_from_lunch_late_is_late_for_the_afternoon_by_working_minutes_only()
    {
        var facts = Judge([In(8, 50), Out(12, 0), In(13, 40), Out(17, 0)]);

        var late = Assert.Single(facts);
        Assert.Equal((AttendanceFactKind.Late, DaySession.Afternoon, 40, At(13, 40)),
            (late.Kind, late.Session, late.Minutes, late.OccurredAt));
        Assert.Equal(1, Assert.Single(Judge([In(8, 50), Out(12, 0), In(13, 0, 30), Out(17, 0)])).Minutes);
    }

    [Fact]
    public void A_late_morning_is_late_once_and_grace_counts()
    {
        var late = Assert.Single(Judge([In(9, 12, 1), Out(17, 0)]));
        Assert.Equal((AttendanceFactKind.Late, DaySession.Morning, 13), (late.Kind, late.Session, late.Minutes));

        var graceful = Rule(new WorkSchedule { GraceMinutes = 5 });
        Assert.Empty(Judge([In(9, 5), Out(17, 0)], rule: graceful));
        Assert.Equal(6, Assert.Single(Judge([In(9, 6), Out(17, 0)], rule: graceful)).Minutes);
    }

    [Fact]
    public void An_afternoon_shift_is_judged_on_the_afternoon_only()
    {
        Assert.Empty(Judge([In(12, 55), Out(17, 0)], owed: AfternoonShift));
        var late = Assert.Single(Judge([In(13, 20), Out(17, 0)], owed: AfternoonShift));
        Assert.Equal((DaySession.Afternoon, 20), (late.Session, late.Minutes));
    }

    [Fact]
    public void A_morning_shift_leaving_at_noon_has_left_on_time()
    {
        Assert.Empty(Judge([In(8, 58), Out(12, 0)], owed: MorningShift));
        Assert.Equal(30, Assert.Single(Judge([In(8, 58), Out(11, 30)], owed: MorningShift)).Minutes);
    }

    [Fact]
    public void An_absent_session_is_never_also_late()
    {
        // Arriving after the morning's cut-off (12:00) makes the morning's absence stand, with no lateness.
        var facts = Judge([In(12, 30), Out(17, 0)]);
        Assert.Equal("Absent/Morning/180", Describe(facts));

        // Arriving before it is a late arrival and no absence.
        Assert.Equal("Late/Morning/179", Describe(Judge([In(11, 59), Out(17, 0)])));
    }

    [Fact]
    public void An_absence_is_found_only_once_its_cut_off_has_passed()
    {
        Assert.Empty(Judge([], closed: false, asOf: At(11, 59)));
        Assert.Equal("Absent/Morning/180", Describe(Judge([], closed: false, asOf: At(12, 0))));
        Assert.Equal("Absent/Morning/180; Absent/Afternoon/240", Describe(Judge([], closed: false, asOf: At(17, 0))));
        Assert.Empty(Judge([], closed: false, asOf: At(16, 0), owed: AfternoonShift));
    }

    [Fact]
    public void A_configured_cut_off_turns_a_very_late_arrival_into_an_absence()
    {
        var rule = Rule(new WorkSchedule { AbsenceCutoff = new TimeOnly(10, 0) });

        Assert.Equal("Late/Morning/60", Describe(Judge([In(10, 0), Out(17, 0)], rule: rule)));
        Assert.Equal("Absent/Morning/180", Describe(Judge([In(10, 1), Out(17, 0)], rule: rule)));
    }

    [Fact]
    public void Early_leave_is_the_last_clock_out_judged_only_when_the_day_closes()
    {
        Assert.Empty(Judge([In(8, 55), Out(16, 30)], closed: false));
        Assert.Equal("LeftEarly/None/30", Describe(Judge([In(8, 55), Out(16, 30)])));
        // A lunch clock-out followed by a clock-in is lunch, whatever the last clock-out is.
        Assert.Equal("LeftEarly/None/30", Describe(Judge([In(8, 55), Out(12, 0), In(12, 58), Out(16, 30)])));
    }

    [Fact]
    public void Leaving_in_the_morning_and_missing_the_afternoon_is_early_for_the_morning_and_absent_after()
    {
        Assert.Equal("Absent/Afternoon/240; LeftEarly/None/60", Describe(Judge([In(8, 55), Out(11, 0)])));
    }

    [Fact]
    public void Time_away_between_a_clock_out_and_a_clock_in_is_off_post_past_the_threshold_not_early()
    {
        var facts = Judge([In(8, 55), Out(15, 0), In(15, 30), Out(17, 0)]);
        var away = Assert.Single(facts);
        Assert.Equal((AttendanceFactKind.OffPost, DaySession.Afternoon, 30), (away.Kind, away.Session, away.Minutes));

        Assert.Empty(Judge([In(8, 55), Out(15, 0), In(15, 15), Out(17, 0)]));
    }

    [Fact]
    public void Time_away_over_lunch_counts_only_its_working_minutes()
    {
        DayAway Away(int leftHour, int leftMinute, int backHour, int backMinute) =>
            new(Guid.NewGuid(), At(leftHour, leftMinute), At(backHour, backMinute), null);

        Assert.Empty(Judge([In(8, 55), Out(17, 0)], aways: [Away(11, 55, 13, 5)]));
        Assert.Equal("OffPost/Morning/20", Describe(Judge([In(8, 55), Out(17, 0)], aways: [Away(11, 50, 13, 10)])));
        // Punches over a long lunch: only the morning's ten minutes count.
        Assert.Empty(Judge([In(8, 55), Out(11, 50), In(12, 59), Out(17, 0)]));
    }

    [Fact]
    public void Time_away_after_the_days_last_clock_out_or_before_arrival_is_not_counted()
    {
        var away = new DayAway(Guid.NewGuid(), At(16, 30), null, null);

        // Leaving the post at 16:30 and clocking out at 16:35 closes the time away: 5 minutes, and an early leave.
        Assert.Equal("LeftEarly/None/25", Describe(Judge([In(8, 55), Out(16, 35)], aways: [away])));
        // Before the first clock-in nothing is time away: a late arrival is a lateness only.
        Assert.Equal("Late/Morning/45", Describe(Judge([In(9, 45), Out(17, 0)],
            aways: [new DayAway(Guid.NewGuid(), At(9, 0), At(9, 45), null)])));
    }

    [Fact]
    public void An_approved_outing_allows_its_minutes_and_an_overrun_is_its_own_fact()
    {
        DayAway Outing(int minutes) => new(Guid.NewGuid(), At(10, 0), At(10, 40), minutes);

        Assert.Empty(Judge([In(8, 55), Out(17, 0)], aways: [Outing(45)]));
        Assert.Equal("OutingOverran/Morning/10", Describe(Judge([In(8, 55), Out(17, 0)], aways: [Outing(30)])));
    }

    [Fact]
    public void Open_time_away_runs_to_now_and_becomes_off_post_once_past_the_threshold()
    {
        var away = new DayAway(Guid.NewGuid(), At(10, 0), null, null);

        Assert.Empty(Judge([In(8, 55)], closed: false, asOf: At(10, 15), aways: [away]));
        Assert.Equal("OffPost/Morning/16", Describe(Judge([In(8, 55)], closed: false, asOf: At(10, 16), aways: [away])));
    }

    [Fact]
    public void A_forgotten_clock_out_is_a_missing_clock_out_never_an_early_leave()
    {
        var facts = Judge([In(8, 55)]);

        var missing = Assert.Single(facts);
        Assert.Equal((AttendanceFactKind.MissingClockOut, At(8, 55)), (missing.Kind, missing.OccurredAt));
        Assert.Empty(Judge([In(8, 55)], closed: false));
    }

    [Fact]
    public void Approved_leave_excuses_what_it_covers()
    {
        Assert.Empty(Judge([], leave: [new DaySpan(At(9, 0), At(17, 0))]));
        // Leave until 10:30: expected at 10:30, ten minutes late at 10:40.
        Assert.Equal("Late/Morning/10", Describe(Judge([In(10, 40), Out(17, 0)], leave: [new DaySpan(At(9, 0), At(10, 30))])));
        // Leave from 15:00: leaving at 15:00 is not early; away during leave is not away.
        Assert.Empty(Judge([In(8, 55), Out(15, 0)], leave: [new DaySpan(At(15, 0), At(17, 0))]));
        Assert.Empty(Judge([In(8, 55), Out(10, 0), In(11, 0), Out(17, 0)], leave: [new DaySpan(At(10, 0), At(11, 0))]));
        // The morning on leave, the afternoon owed.
        Assert.Equal("Absent/Afternoon/240", Describe(Judge([], leave: [new DaySpan(At(9, 0), At(12, 0))])));
    }

    [Fact]
    public void Rest_days_and_holidays_owe_nothing_and_make_up_workdays_do()
    {
        var options = new WorkCalendarOptions();
        options.Holidays.Add(new DateOnly(2026, 11, 24));
        options.MakeUpWorkdays.Add(new DateOnly(2026, 11, 28));
        var rule = Rule(options: options);
        DayPunch InOn(int day, int hour, int minute) => new(PunchKind.ClockIn, At(hour, minute, day: day));

        Assert.Empty(Judge([InOn(24, 9, 30)], rule: rule, date: new DateOnly(2026, 11, 24)));
        Assert.Empty(Judge([InOn(29, 9, 30)], rule: rule, date: new DateOnly(2026, 11, 29)));
        Assert.Equal("Late/Morning/30; MissingClockOut/None/0",
            Describe(Judge([InOn(28, 9, 30)], rule: rule, date: new DateOnly(2026, 11, 28))));
    }

    [Fact]
    public void Punches_near_midnight_belong_to_their_hall_day()
    {
        // A clock-out at 23:30 is the day's last punch (overtime, not a forgotten clock-out); one at 00:30 is the next day's.
        Assert.Empty(Judge([In(8, 55), new DayPunch(PunchKind.ClockOut, At(23, 30))]));
        var tuesday = Judge([new DayPunch(PunchKind.ClockIn, At(0, 30, day: 24)), new DayPunch(PunchKind.ClockOut, At(17, 0, day: 24))],
            date: new DateOnly(2026, 11, 24), closed: true);
        Assert.Empty(tuesday);
    }

    [Fact]
    public void Nothing_is_owed_without_owed_sessions()
    {
        Assert.Empty(Judge([In(10, 0)], owed: new HashSet<DaySession>()));
    }
}
