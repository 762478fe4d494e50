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

public sealed class CaseNoticeTextTests
{
    [Theory]
    [InlineData(1, 30, "2026-11-25 09:30")] // 09:30 hall time
    [InlineData(16, 30, "2026-11-26 00:30")] // 00:30 hall time is the next hall day
    [InlineData(15, 30, "2026-11-25 23:30")]
    public void The_printed_notice_shows_hall_time_not_utc(int utcHour, int utcMinute, string printed)
    {
        var notice = new ServiceHall.Cases.Domain.CaseNotice
        {
            CaseId = "c-1", Sequence = 1, IssuedBy = "s-1", MaterialIds = ["m-1"],
            IssuedAt = new DateTimeOffset(2026, 11, 25, utcHour, utcMinute, 0, TimeSpan.Zero),
        };

        var text = notice.Text("SH20261125-1", "社保卡申领", new Dictionary<string, string> { ["m-1"] = "身份证" }, "政务服务大厅",
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

        Assert.Contains($"告知时间：{printed}", text);
        Assert.Contains("1. 身份证", text);
    }
}
