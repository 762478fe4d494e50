using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

/// <summary>
/// Which days a disabled staff member is not judged on: from the hall day they were disabled on through the hall day
/// they were enabled again on, both whole — by the hall's calendar, also at 00:30 and 23:30 hall time.
/// </summary>
public sealed class DisabledPeriodTests
{
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);
    private readonly WorkCalendar _calendar = new(new WorkCalendarOptions());

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Hall);

    private static DateOnly Day(int day) => new(2026, 11, day);

    private static int[] Days(params int[] days) => days;

    private static StaffMember Member(DateTimeOffset? disabledAt, DateTimeOffset? enabledAgainAt) => new()
    {
        StaffId = "s", DisplayName = "s", UnitId = "u", WindowId = "w", RegisteredAt = At(2, 9, 0),
        Disabled = disabledAt is { } off && (enabledAgainAt is not { } on || on < off),
        DisabledAt = disabledAt, EnabledAgainAt = enabledAgainAt,
    };

    [Fact]
    public void An_active_person_is_judged_every_day()
    {
        var member = Member(null, null);

        Assert.True(member.Active);
        Assert.All(Enumerable.Range(20, 10), d => Assert.False(member.IsDisabledOn(Day(d), _calendar.DateOf)));
    }

    [Theory]
    [InlineData(10, 0, 25)] // disabled at 10:00 on Wednesday the 25th: Wednesday is not judged
    [InlineData(0, 30, 25)] // 00:30 hall time is still the 25th (16:30 UTC on the 24th)
    [InlineData(23, 30, 25)] // 23:30 hall time is the 25th (15:30 UTC the same day)
    public void Disabled_the_day_they_were_disabled_on_and_every_day_after_is_not_judged_and_the_day_before_is(
        int hour, int minute, int disabledDay)
    {
        var member = Member(At(disabledDay, hour, minute), null);

        Assert.False(member.Active);
        Assert.False(member.IsDisabledOn(Day(disabledDay - 1), _calendar.DateOf));
        Assert.True(member.IsDisabledOn(Day(disabledDay), _calendar.DateOf));
        Assert.True(member.IsDisabledOn(Day(disabledDay + 5), _calendar.DateOf));
    }

    [Fact]
    public void Enabled_again_the_day_they_were_enabled_on_is_not_judged_and_the_day_after_is()
    {
        // Disabled Wednesday 10:00, enabled again Friday 12:01.
        var member = Member(At(25, 10, 0), At(27, 12, 1));

        Assert.True(member.Active);
        Assert.Equal([false, true, true, true, false, false],
            Days(24, 25, 26, 27, 28, 30).Select(d => member.IsDisabledOn(Day(d), _calendar.DateOf)).ToArray());
    }

    [Fact]
    public void Disabled_and_enabled_again_at_the_same_moment_is_active_and_that_day_alone_is_not_judged()
    {
        var member = Member(At(25, 10, 0), null);
        (member.Disabled, member.EnabledAgainAt) = (false, At(25, 10, 0));

        Assert.True(member.Active);
        Assert.Equal([false, true, false],
            Days(24, 25, 26).Select(d => member.IsDisabledOn(Day(d), _calendar.DateOf)).ToArray());
    }

    [Fact]
    public void Disabled_again_after_being_enabled_counts_from_the_new_day()
    {
        var member = Member(At(30, 23, 30), At(27, 8, 0)); // enabled on the 27th, disabled again on the 30th at 23:30

        Assert.False(member.Active);
        Assert.Equal([false, false, true],
            Days(27, 29, 30).Select(d => member.IsDisabledOn(Day(d), _calendar.DateOf)).ToArray());
    }
}
