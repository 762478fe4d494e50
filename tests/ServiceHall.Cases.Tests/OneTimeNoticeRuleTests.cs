using ServiceHall.Cases.Domain;

namespace ServiceHall.Cases.Tests;

public sealed class OneTimeNoticeRuleTests
{
    private static readonly Material[] Five =
    [
        new("m-id", "身份证"), new("m-form", "申请表"), new("m-photo", "照片"), new("m-lease", "租赁合同"),
        new("m-cert", "资格证明"),
    ];

    [Fact]
    public void An_application_missing_three_of_five_materials_is_told_exactly_those_three()
    {
        var check = OneTimeNoticeRule.Check(Five, ["m-id", "m-form"]);

        Assert.False(check.Complete);
        Assert.Equal(["m-photo", "m-lease", "m-cert"], check.Missing);
    }

    [Fact]
    public void A_complete_application_is_accepted_whatever_extra_it_brings()
    {
        var check = OneTimeNoticeRule.Check(Five, [.. Five.Select(m => m.MaterialId), "m-extra"]);

        Assert.True(check.Complete);
        Assert.Empty(check.Missing);
    }

    [Fact]
    public void A_later_notice_asking_for_a_material_required_at_the_first_check_but_not_notified_is_a_violation()
    {
        var later = OneTimeNoticeRule.CheckLater(Five.Select(m => m.MaterialId), ["m-photo", "m-lease", "m-cert"],
            ["m-photo", "m-form"]);

        Assert.False(later.Allowed);
        Assert.Equal(["m-form"], later.Violations);
    }

    [Fact]
    public void A_later_notice_may_repeat_a_notified_material_or_ask_for_one_the_item_did_not_list()
    {
        var later = OneTimeNoticeRule.CheckLater(Five.Select(m => m.MaterialId), ["m-photo"], ["m-photo", "m-court-order"]);

        Assert.True(later.Allowed);
    }
}
