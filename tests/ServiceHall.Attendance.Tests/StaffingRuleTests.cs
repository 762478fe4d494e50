using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

public sealed class StaffingRuleTests
{
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static RosterEntry Entry(int day, string staff, Shift shift = Shift.FullDay) =>
        new() { WindowId = "w-1", Date = Monday.AddDays(day), StaffId = staff, Shift = shift };

    private static List<RosterEntry> TwoAllWeek() =>
        Enumerable.Range(0, 5).SelectMany(d => new[] { Entry(d, "a"), Entry(d, "b", d % 2 == 0 ? Shift.Morning : Shift.Afternoon) }).ToList();

    [Fact]
    public void Two_staff_every_workday_with_both_halves_covered_pass()
    {
        Assert.Empty(new StaffingRule(new WorkCalendar(new WorkCalendarOptions())).Check(Monday, TwoAllWeek()));
    }

    [Fact]
    public void A_workday_with_one_staff_member_breaks_A5()
    {
        var entries = TwoAllWeek().Where(e => !(e.Date == Monday.AddDays(1) && e.StaffId == "b")).ToList();

        var gap = Assert.Single(new StaffingRule(new WorkCalendar(new WorkCalendarOptions())).Check(Monday, entries));

        Assert.Equal(Monday.AddDays(1), gap.Date);
        Assert.Contains("at least 2", gap.Reason);
    }

    [Fact]
    public void Two_morning_staff_leave_the_afternoon_uncovered()
    {
        var entries = TwoAllWeek().Where(e => e.Date != Monday).Append(Entry(0, "a", Shift.Morning)).Append(Entry(0, "b", Shift.Morning)).ToList();

        var gap = Assert.Single(new StaffingRule(new WorkCalendar(new WorkCalendarOptions())).Check(Monday, entries));

        Assert.Equal("nobody rostered for the afternoon", gap.Reason);
    }

    [Fact]
    public void Holidays_need_no_roster_and_make_up_saturdays_do()
    {
        var options = new WorkCalendarOptions { Holidays = { Monday.AddDays(2) }, MakeUpWorkdays = { Monday.AddDays(5) } };
        var entries = TwoAllWeek().Where(e => e.Date != Monday.AddDays(2)).ToList();

        var gap = Assert.Single(new StaffingRule(new WorkCalendar(options)).Check(Monday, entries));

        Assert.Equal(Monday.AddDays(5), gap.Date);
    }
}
