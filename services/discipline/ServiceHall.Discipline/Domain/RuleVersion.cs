namespace ServiceHall.Discipline.Domain;

public enum RuleStatus
{
    /// <summary>Drafted; in force only once a bureau leader approves it (A31).</summary>
    Draft = 1,

    Approved = 2,
}

/// <summary>
/// A version of a weekly counting rule as data (A31: halls differ, rules change): the facts counted together in a week,
/// the count that brings circulated criticism and the count that costs the year's award eligibility, the article it
/// rests on, and the hall date from which it is in force. Facts are judged by the version in force on their date.
/// </summary>
public sealed class RuleVersion
{
    public required string RuleId { get; init; }

    public int Version { get; init; }

    public required string Title { get; init; }

    /// <summary>The rulebook text it rests on, e.g. R1.8's sentence.</summary>
    public required string Article { get; init; }

    public IReadOnlyList<ViolationKind> CountedKinds { get; init; } = [];

    public int CriticismThreshold { get; init; }

    public int RevocationThreshold { get; init; }

    public DateOnly EffectiveFrom { get; init; }

    public RuleStatus Status { get; set; }

    public required string DraftedBy { get; init; }

    public DateTimeOffset DraftedAt { get; init; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public string Citation => $"{RuleId}/v{Version}";

    public WeeklyAttendanceRule ToRule() => new()
    {
        Version = Citation, CriticismThreshold = CriticismThreshold, RevocationThreshold = RevocationThreshold,
        CountedKinds = CountedKinds.ToHashSet(),
    };

    /// <summary>R1.8 as the rulebook states it, in force from the start: the default of every hall.</summary>
    public static RuleVersion DefaultR18(DateTimeOffset now) => new()
    {
        RuleId = "R1.8", Version = 1, Title = "一周累计迟到、早退、脱岗",
        Article = "一周累计迟到、早退或脱岗超过二次(含二次)以上的,将给予通报批评,二次以上的,取消年终一切评先评优资格",
        CountedKinds = [ViolationKind.Late, ViolationKind.LeftEarly, ViolationKind.OffPost, ViolationKind.InspectionFinding],
        CriticismThreshold = 2, RevocationThreshold = 3, EffectiveFrom = DateOnly.MinValue, Status = RuleStatus.Approved,
        DraftedBy = "rulebook", DraftedAt = now, ApprovedBy = "rulebook", ApprovedAt = now,
    };
}

/// <summary>The approved versions of the rules: which one is in force on a date.</summary>
public sealed class Rulebook(IEnumerable<RuleVersion> versions)
{
    private readonly List<RuleVersion> _approved = versions.Where(v => v.Status == RuleStatus.Approved)
        .OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version).ToList();

    public IEnumerable<string> RuleIds => _approved.Select(v => v.RuleId).Distinct(StringComparer.Ordinal);

    /// <summary>The latest-effective approved version of <paramref name="ruleId"/> on <paramref name="date"/>, if any.</summary>
    public RuleVersion? InForce(string ruleId, DateOnly date) =>
        _approved.LastOrDefault(v => v.RuleId == ruleId && v.EffectiveFrom <= date);
}
