using ServiceHall.Discipline.Domain;

namespace ServiceHall.Discipline.Tests;

public sealed class RulebookAndBriefTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static Violation Fact(string staff, ViolationKind kind, int day, string? window = "w-1", string? detail = null) => new()
    {
        EventId = Guid.NewGuid(), StaffId = staff, Kind = kind, WorkDate = new DateOnly(2026, 11, day),
        WeekStart = Monday, OccurredAt = Now, RecordedAt = Now, WindowId = window, Detail = detail,
    };

    private static RuleVersion Version(int version, DateOnly from, RuleStatus status = RuleStatus.Approved) => new()
    {
        RuleId = "R1.8", Version = version, Title = "t", Article = "a", CountedKinds = [ViolationKind.Late],
        CriticismThreshold = 2, RevocationThreshold = 3, EffectiveFrom = from, Status = status, DraftedBy = "x",
    };

    [Fact]
    public void The_version_in_force_on_a_day_is_the_latest_approved_one_effective_by_then()
    {
        var book = new Rulebook([Version(1, DateOnly.MinValue), Version(2, new DateOnly(2026, 11, 26)),
            Version(3, new DateOnly(2026, 11, 24), RuleStatus.Draft)]);

        Assert.Equal(1, book.InForce("R1.8", new DateOnly(2026, 11, 25))!.Version);
        Assert.Equal(2, book.InForce("R1.8", new DateOnly(2026, 11, 26))!.Version);
        Assert.Null(book.InForce("A27", new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public void A_per_fact_rule_selects_by_kind_and_detail_and_cites_its_fact()
    {
        var rule = DefaultRulebook.All(Now).Single(r => r.RuleId == "A27-attitude");
        var attitude = Fact("s", ViolationKind.VerifiedComplaint, 24, detail: "Attitude");

        Assert.True(rule.Selects(attitude));
        Assert.False(rule.Selects(Fact("s", ViolationKind.VerifiedComplaint, 24, detail: "Misconduct")));
        Assert.False(rule.Selects(Fact("s", ViolationKind.Late, 24)));
        var decision = rule.PerFactDecision("s", attitude);
        Assert.Equal(SanctionKind.Criticism, decision.Kind);
        Assert.Equal([attitude.EventId], decision.Evidence);
        Assert.True(DefaultRulebook.All(Now).Where(r => r.PerFactSanction is SanctionKind.Demotion or SanctionKind.Dismissal)
            .All(r => r.RequiresConfirmation)); // A28: only ever proposed
    }

    [Fact]
    public void The_brief_counts_per_unit_resolving_cases_through_their_visits_window()
    {
        var units = new Dictionary<string, string> { ["w-1"] = "unit-a", ["w-2"] = "unit-b" };
        BriefFact F(BriefFactKind kind, string refId, int day, string? window = null, string? ticket = null) => new()
            { EventId = Guid.NewGuid(), Kind = kind, RefId = refId, Day = new DateOnly(2026, 11, day), WindowId = window, TicketId = ticket };
        BriefFact[] facts =
        [
            F(BriefFactKind.TicketServed, "t1", 23, "w-1"), F(BriefFactKind.TicketServed, "t2", 24, "w-2"),
            F(BriefFactKind.TicketServed, "t0", 16, "w-1"), // the week before
            F(BriefFactKind.CaseAccepted, "c1", 23, ticket: "t1"), F(BriefFactKind.CaseCompleted, "c1", 25),
            F(BriefFactKind.CaseAccepted, "c2", 24, ticket: "t2"), F(BriefFactKind.CaseOverdue, "c2", 27),
            F(BriefFactKind.BadReview, "r1", 24, "w-2"), F(BriefFactKind.CaseAccepted, "c3", 24), // online, no visit
        ];
        RectificationItem Item(string unit, DateOnly raised, DateOnly? closed) => new()
        {
            ItemId = Guid.NewGuid(), UnitId = unit, Title = "t", Owner = "o", DueDate = raised.AddDays(10), RaisedOn = raised,
            RaisedBy = "x", ClosedOn = closed,
        };
        RectificationItem[] items =
        [
            Item("unit-a", new DateOnly(2026, 11, 2), null), Item("unit-a", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 20)),
        ];

        var brief = MondayBrief.Build(Monday, units, facts,
            [Fact("s1", ViolationKind.Late, 24), Fact("s2", ViolationKind.InspectionFinding, 25, "w-2")], items);
        var a = brief.Single(u => u.UnitId == "unit-a");
        var b = brief.Single(u => u.UnitId == "unit-b");

        Assert.Equal((1, 1, 1, 0, 1), (a.TicketsServed, a.CasesAccepted, a.CasesCompleted, a.CasesOverdue, a.Violations[ViolationKind.Late]));
        Assert.Equal((1, 1, 0, 1, 1, 1), (b.TicketsServed, b.CasesAccepted, b.CasesCompleted, b.CasesOverdue, b.BadReviews, b.InspectionFindings));
        Assert.Equal(1, brief.Single(u => u.UnitId == MondayBrief.Unassigned).CasesAccepted);
        Assert.Single(a.OpenItems); // the one closed before the week is not carried
        Assert.Contains("## unit-a", MondayBrief.Markdown(Monday, brief, Monday.AddDays(7), new Dictionary<string, string>()));
        Assert.Contains("## 人力资源和社会保障局（unit-a）",
            MondayBrief.Markdown(Monday, brief, Monday.AddDays(7), new Dictionary<string, string> { ["unit-a"] = "人力资源和社会保障局" }));
    }

    [Fact]
    public void Awards_go_to_staff_with_enough_good_reviews_and_nothing_against_them()
    {
        ReviewFact R(string staff, bool bad, bool excluded = false) => new()
            { ReviewId = Guid.NewGuid().ToString(), StaffId = staff, Bad = bad, Excluded = excluded, Day = Monday };
        ReviewFact[] reviews =
        [
            R("ann", false), R("ann", false), R("ann", false),
            R("bo", false), R("bo", false), R("bo", true),
            R("cy", false), R("cy", false), R("cy", false), R("cy", true, excluded: true),
            R("di", false), R("di", false), R("di", false),
            R("ed", false),
        ];

        var qualifying = AwardRule.Qualifying(reviews, new HashSet<string> { "di" }, minimumReviews: 3, minimumRate: 0.95);

        Assert.Equal([("ann", 3, 1.0), ("cy", 3, 1.0)], qualifying);
    }
}
