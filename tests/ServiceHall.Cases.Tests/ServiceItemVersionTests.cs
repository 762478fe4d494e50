using ServiceHall.Cases.Domain;

namespace ServiceHall.Cases.Tests;

public sealed class ServiceItemVersionTests
{
    private static ServiceItemVersion Item(int committed = 5, int statutory = 20, string feeBasis = "", string fee = "",
        Material[]? materials = null) => new()
    {
        ItemId = "item-a", Version = 1, Name = "个体工商户登记", ApprovingUnitId = "unit-amr", Content = "c",
        LegalBasis = "《促进个体工商户发展条例》", ResultForm = "营业执照", PublishedBy = "office-1",
        ProcedureSteps = ["受理", "审查", "决定"], CommittedDays = committed, StatutoryDays = statutory,
        FeeBasis = feeBasis, FeeStandard = fee, Materials = materials ?? [new("m-id", "身份证")],
    };

    [Fact]
    public void A_complete_item_has_no_problems()
    {
        Assert.Empty(Item().Problems());
    }

    [Fact]
    public void Disclosures_that_do_not_hold_together_are_named()
    {
        var problems = Item(committed: 30, statutory: 20, fee: "10元/件", materials: [new("m", "a"), new("m", "b")]).Problems();

        Assert.Equal(["materials", "statutory_days", "fee_basis"], problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData(365, true)]
    [InlineData(366, false)]
    [InlineData(int.MaxValue, false)] // a clock counted day by day would never end
    public void A_statutory_limit_is_at_most_a_year_of_working_days(int statutory, bool published)
    {
        Assert.Equal(published, !Item(statutory: statutory).Problems().Any(p => p.Field == "statutory_days"));
    }
}
