using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

public sealed class LeaveCoverageRuleTests
{
    private static readonly DateOnly Thursday = new(2026, 11, 26);
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);
    private readonly LeaveCoverageRule _rule = new(new WorkCalendar(new WorkCalendarOptions()));

    private static RosterEntry Rostered(string staff, DateOnly? date = null) =>
        new() { WindowId = "w", Date = date ?? Thursday, StaffId = staff, Shift = Shift.FullDay };

    private static LeaveRequest Leave(string staff, string substitute, LeaveStatus status = LeaveStatus.SubstituteAccepted,
        int fromHour = 9, int toHour = 17, DateOnly? date = null) => new()
    {
        LeaveId = Guid.NewGuid().ToString(), StaffId = staff, SubstituteStaffId = substitute, Reason = "-", Status = status,
        StartsAt = new DateTimeOffset((date ?? Thursday).ToDateTime(new TimeOnly(fromHour, 0)), Hall),
        EndsAt = new DateTimeOffset((date ?? Thursday).ToDateTime(new TimeOnly(toHour, 0)), Hall),
    };

    [Fact]
    public void The_other_rostered_staff_member_keeps_the_window_staffed()
    {
        Assert.Empty(_rule.UnstaffedDays(Leave("a", "b"), [Rostered("a"), Rostered("b")], []));
    }

    [Fact]
    public void When_both_rostered_staff_are_away_and_stand_in_for_each_other_the_window_is_unstaffed()
    {
        var approved = Leave("a", "b", LeaveStatus.Approved);

        Assert.Equal([Thursday], _rule.UnstaffedDays(Leave("b", "a"), [Rostered("a"), Rostered("b")], [approved]));
    }

    [Fact]
    public void A_substitute_from_outside_the_roster_covers_the_window()
    {
        var approved = Leave("a", "b", LeaveStatus.Approved);

        Assert.Empty(_rule.UnstaffedDays(Leave("b", "c"), [Rostered("a"), Rostered("b")], [approved]));
    }

    [Fact]
    public void Days_without_a_roster_or_without_work_are_not_checked()
    {
        var saturday = Thursday.AddDays(2);

        Assert.Empty(_rule.UnstaffedDays(Leave("a", "b", date: saturday), [Rostered("a", saturday)], []));
        Assert.Empty(_rule.UnstaffedDays(Leave("a", "b", fromHour: 18, toHour: 20), [Rostered("a")], []));
    }
}
