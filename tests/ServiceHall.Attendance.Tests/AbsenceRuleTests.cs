using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Tests;

public sealed class AbsenceRuleTests
{
    private static readonly (string, string)[] Rostered = [("anna", "w-1"), ("bo", "w-1"), ("chen", "w-2")];

    private static HashSet<string> Set(params string[] ids) => [.. ids];

    [Fact]
    public void Rostered_staff_without_a_clock_in_before_the_cut_off_are_absent()
    {
        var absent = AbsenceRule.Absentees(Rostered, Set("anna"), Set(), Set());

        Assert.Equal([("bo", "w-1"), ("chen", "w-2")], absent);
    }

    [Fact]
    public void Approved_leave_is_never_absence()
    {
        Assert.Equal([("chen", "w-2")], AbsenceRule.Absentees(Rostered, Set("anna"), Set("bo"), Set()));
    }

    [Fact]
    public void An_absence_is_marked_once()
    {
        Assert.Empty(AbsenceRule.Absentees(Rostered, Set("anna"), Set(), Set("bo", "chen")));
    }

    [Fact]
    public void A_staff_member_rostered_at_two_windows_is_absent_once()
    {
        var absent = AbsenceRule.Absentees([("dai", "w-1"), ("dai", "w-3")], Set(), Set(), Set());

        Assert.Single(absent);
    }
}
