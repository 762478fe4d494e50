using ServiceHall.Discipline.Domain;

namespace ServiceHall.Discipline.Tests;

public sealed class WeeklyAttendanceRuleTests
{
    private const string Staff = "s-1";
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private readonly WeeklyAttendanceRule _rule = new();

    private static Violation Violation(DateOnly day, ViolationKind kind = ViolationKind.Late, int hour = 9) => new()
    {
        EventId = Guid.NewGuid(), StaffId = Staff, Kind = kind, WorkDate = day, WeekStart = HallWeek.StartOf(day),
        OccurredAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 30)), TimeSpan.FromHours(8)),
    };

    private IReadOnlyList<SanctionDecision> Decide(IEnumerable<Violation> violations, params string[] issued) =>
        _rule.Decide(Staff, Monday, violations.ToList(), issued.ToHashSet());

    [Fact]
    public void One_violation_in_a_week_issues_nothing()
    {
        Assert.Empty(Decide([Violation(Monday)]));
    }

    [Fact]
    public void Second_violation_in_a_week_issues_circulated_criticism()
    {
        var first = Violation(Monday);
        var second = Violation(Monday.AddDays(2), ViolationKind.LeftEarly, hour: 16);

        var decision = Assert.Single(Decide([second, first]));

        Assert.Equal(SanctionKind.CirculatedCriticism, decision.Kind);
        Assert.Equal([first.EventId, second.EventId], decision.Evidence);
        Assert.Equal("CirculatedCriticism:s-1:2026-11-23", decision.DedupKey);
    }

    [Fact]
    public void Third_violation_revokes_award_eligibility_and_criticism_is_not_issued_twice()
    {
        var week = new[] { Violation(Monday), Violation(Monday.AddDays(1)), Violation(Monday.AddDays(2), ViolationKind.OffPost) };

        var decision = Assert.Single(Decide(week, WeeklyAttendanceRule.CriticismKey(Staff, Monday)));

        Assert.Equal(SanctionKind.AwardEligibilityRevoked, decision.Kind);
        Assert.Equal(3, decision.Evidence.Count);
        Assert.Equal(2026, decision.Year);
    }

    [Fact]
    public void Three_violations_decided_at_once_issue_both_sanctions()
    {
        var week = new[] { Violation(Monday), Violation(Monday.AddDays(1)), Violation(Monday.AddDays(4)) };

        Assert.Equal([SanctionKind.CirculatedCriticism, SanctionKind.AwardEligibilityRevoked],
            Decide(week).Select(d => d.Kind));
    }

    [Fact]
    public void Award_eligibility_is_revoked_once_a_year_even_in_a_second_bad_week()
    {
        var week = new[] { Violation(Monday), Violation(Monday.AddDays(1)), Violation(Monday.AddDays(2)), Violation(Monday.AddDays(3)) };

        var decisions = Decide(week, WeeklyAttendanceRule.CriticismKey(Staff, Monday),
            WeeklyAttendanceRule.RevocationKey(Staff, 2026));

        Assert.Empty(decisions);
    }

    [Fact]
    public void Violations_of_another_week_do_not_count()
    {
        var lastSunday = Monday.AddDays(-1);

        Assert.Empty(Decide([Violation(lastSunday), Violation(Monday)]));
    }

    [Fact]
    public void Thresholds_are_parameters()
    {
        var strict = new WeeklyAttendanceRule { CriticismThreshold = 1, RevocationThreshold = 2 };

        var decisions = strict.Decide(Staff, Monday, [Violation(Monday), Violation(Monday.AddDays(1))], new HashSet<string>());

        Assert.Equal(2, decisions.Count);
        Assert.Single(decisions[0].Evidence);
    }

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // Monday
    [InlineData("2026-11-29", "2026-11-23")] // Sunday belongs to the week that began on Monday
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2027-01-01", "2026-12-28")] // a week across the new year
    public void A_week_runs_from_monday_to_sunday(string day, string monday)
    {
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture),
            HallWeek.StartOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class DefaultRulebookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static Violation Fact(ViolationKind kind, string? detail = null) => new()
    {
        EventId = Guid.NewGuid(), StaffId = "s-1", Kind = kind, WorkDate = Monday, WeekStart = Monday,
        OccurredAt = Now, Detail = detail,
    };

    [Fact]
    public void R18_counts_attendance_facts_and_only_the_findings_that_witness_lateness_or_time_off_post()
    {
        var r18 = RuleVersion.DefaultR18(Now);

        Assert.True(r18.Selects(Fact(ViolationKind.Late)));
        Assert.True(r18.Selects(Fact(ViolationKind.LeftEarly)));
        Assert.True(r18.Selects(Fact(ViolationKind.OffPost)));
        Assert.True(r18.Selects(Fact(ViolationKind.InspectionFinding, "OffPost")));
        Assert.True(r18.Selects(Fact(ViolationKind.InspectionFinding, "WanderingPosts")));
        Assert.True(r18.Selects(Fact(ViolationKind.InspectionFinding, "LateArrival")));
        Assert.False(r18.Selects(Fact(ViolationKind.InspectionFinding, "ItemsOnCounter"))); // a snack is no lateness
        Assert.False(r18.Selects(Fact(ViolationKind.InspectionFinding, "PhoneUse")));
        Assert.False(r18.Selects(Fact(ViolationKind.Absent)));
    }

    [Fact]
    public void Only_R18_acts_by_itself_every_other_default_rule_only_proposes()
    {
        var rules = DefaultRulebook.All(Now);

        Assert.False(rules.Single(r => r.RuleId == "R1.8").RequiresConfirmation);
        Assert.All(rules.Where(r => r.RuleId != "R1.8"), r => Assert.True(r.RequiresConfirmation, r.RuleId));
        Assert.Contains(rules, r => r.RuleId == "R1.3b-one-time-notice");
        Assert.Contains(rules, r => r.RuleId == "R1.3b-overdue" && r.CountedKinds.Contains(ViolationKind.CaseOverdue));
    }

    [Fact]
    public void Equal_thresholds_give_criticism_and_the_loss_of_eligibility_at_once()
    {
        var rule = new WeeklyAttendanceRule { CriticismThreshold = 2, RevocationThreshold = 2 };
        var facts = new[] { Fact(ViolationKind.Late), Fact(ViolationKind.LeftEarly) };

        var decisions = rule.Decide("s-1", Monday, facts, new HashSet<string>());

        Assert.Equal([SanctionKind.CirculatedCriticism, SanctionKind.AwardEligibilityRevoked], decisions.Select(d => d.Kind));
    }
}
