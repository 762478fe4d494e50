namespace ServiceHall.Discipline.Domain;

public enum RuleMode
{
    /// <summary>Counts facts in a week against two thresholds (R1.8).</summary>
    WeeklyCount = 1,

    /// <summary>Each fact selected brings one sanction (A27), or a proposal a person must confirm (A28).</summary>
    PerFact = 2,
}

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

    public RuleMode Mode { get; init; } = RuleMode.WeeklyCount;

    public IReadOnlyList<ViolationKind> CountedKinds { get; init; } = [];

    /// <summary>
    /// Facts that carry a detail — an inspection finding's category, a verified complaint's category — count only
    /// when it is listed here; empty for any. Facts without a detail (a late arrival) are not filtered by it. R1.8's
    /// default lists the findings that witness a late arrival, an early leave or time off post (a snack on the counter
    /// is recorded and reported, never counted as a lateness).
    /// </summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>PerFact: the sanction each fact brings.</summary>
    public SanctionKind PerFactSanction { get; init; }

    /// <summary>PerFact: the sanction is only proposed, and a person must confirm it (A28).</summary>
    public bool RequiresConfirmation { get; init; }

    public int CriticismThreshold { get; init; }

    public int RevocationThreshold { get; init; }

    public DateOnly EffectiveFrom { get; init; }

    public RuleStatus Status { get; set; }

    public required string DraftedBy { get; init; }

    public DateTimeOffset DraftedAt { get; init; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public string Citation => $"{RuleId}/v{Version}";

    /// <summary>Whether this version counts <paramref name="fact"/>.</summary>
    public bool Selects(Violation fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return CountedKinds.Contains(fact.Kind) &&
               (Details.Count == 0 || fact.Detail is null || Details.Contains(fact.Detail, StringComparer.Ordinal));
    }

    /// <summary>PerFact: the sanction due for one selected fact.</summary>
    public SanctionDecision PerFactDecision(string staffId, Violation fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new SanctionDecision(PerFactSanction, $"{RuleId}:{staffId}:{fact.EventId}", [fact.EventId], fact.WorkDate.Year);
    }

    public WeeklyAttendanceRule ToRule() => new()
    {
        Version = Citation, CriticismThreshold = CriticismThreshold, RevocationThreshold = RevocationThreshold,
        CountedKinds = CountedKinds.ToHashSet(),
    };

    /// <summary>
    /// R1.8 as the rulebook states it, in force from the start: the default of every hall, and the only rule that acts
    /// by itself (将给予). It counts late arrivals, early leaves and time off post (attendance's final facts) and the
    /// inspection findings that witness one of them ("上班期间工作纪律以带班领导日常巡查记录…为准"): found off post,
    /// wandering to other posts (串岗, away from one's own), seen arriving late or leaving early.
    /// Thresholds: "超过二次(含二次)以上的,将给予通报批评" says two counts (含二次). "二次以上的,取消…资格" reads two ways:
    /// by the statutes' convention (以上 includes the number) two, as a step beyond the criticism three. The default
    /// takes the milder reading, 3 — where the text is in doubt, the doubt goes to the person — and a hall that reads
    /// it as 2 approves a version with equal thresholds (both at once).
    /// </summary>
    public static RuleVersion DefaultR18(DateTimeOffset now) => new()
    {
        RuleId = "R1.8", Version = 1, Title = "一周累计迟到、早退、脱岗",
        Article = "一周累计迟到、早退或脱岗超过二次(含二次)以上的,将给予通报批评,二次以上的,取消年终一切评先评优资格",
        CountedKinds = [ViolationKind.Late, ViolationKind.LeftEarly, ViolationKind.OffPost, ViolationKind.InspectionFinding],
        Details = ["OffPost", "WanderingPosts", "LateArrival", "EarlyLeave"],
        CriticismThreshold = 2, RevocationThreshold = 3, EffectiveFrom = DateOnly.MinValue, Status = RuleStatus.Approved,
        DraftedBy = "rulebook", DraftedAt = now, ApprovedBy = "rulebook", ApprovedAt = now,
    };
}

/// <summary>
/// The default rulebook every hall starts with. Only R1.8 acts by itself (将给予); every other rule only proposes (A27
/// "可给予": may give; A28 "可依法给予"), and the discipline office or a bureau leader confirms or declines the proposal
/// (ConfirmSanction, DeclineSanction) — which rules need a person is this data (<see cref="RuleVersion.RequiresConfirmation"/>).
/// R1.7 "不履行规定的视为旷工处理": an absent session is 旷工 (R1.7-absenteeism); unapproved time away past the threshold is
/// 脱岗 and counts under R1.8, which names it — not also as 旷工. A hall that reads R1.7 as making it 旷工 too approves
/// a version of R1.7-absenteeism that counts OffPost as well. Citations follow the seed as printed: the one-time
/// notice is R1.3b(一), one-week completion R1.3b(四) — an overdue case is charged to the head of the unit whose clock ran
/// out, never to the window staff who received it.
/// </summary>
public static class DefaultRulebook
{
    public static IReadOnlyList<RuleVersion> All(DateTimeOffset now) =>
    [
        RuleVersion.DefaultR18(now),
        PerFact(now, "A27-attitude", "服务态度、推诿扯皮、办理拖延经核实（建议，须人工确认）", "第二十七条 对于服务窗口工作人员不履职、推诿扯皮、服务态度恶劣等行为，单位可给予批评、通报批评、记过等纪律处分",
            ViolationKind.VerifiedComplaint, ["Attitude", "BuckPassing", "Delay"], SanctionKind.Criticism),
        PerFact(now, "A27-misconduct", "违规违纪、泄露隐私经核实（建议，须人工确认）", "第二十七条 ……单位可给予批评、通报批评、记过等纪律处分",
            ViolationKind.VerifiedComplaint, ["Misconduct", "PrivacyLeak"], SanctionKind.Demerit),
        PerFact(now, "A28-serious", "严重违纪（建议，须人工确认）", "第二十八条 对于严重违纪违法的服务窗口工作人员，单位可依法给予降职、辞退等措施",
            ViolationKind.VerifiedComplaint, ["Misconduct"], SanctionKind.Demotion),
        PerFact(now, "R1.7-absenteeism", "旷工（建议，须人工确认）", "七、请销假制度：……不履行规定的视为旷工处理",
            ViolationKind.Absent, [], SanctionKind.CirculatedCriticism),
        PerFact(now, "R1.3b-one-time-notice", "未一次性告知（建议，须人工确认）", "三、窗口工作人员职责（一）对申报材料不齐全的，要对审批所需提供资料一次性告知申请人",
            ViolationKind.OneTimeNoticeViolation, [], SanctionKind.Criticism),
        PerFact(now, "R1.3b-overdue", "办件超期（单位负责人，建议，须人工确认）", "三、窗口工作人员职责（四）严格按照一周办结、并联审批、全程代办等制度的要求",
            ViolationKind.CaseOverdue, [], SanctionKind.Criticism),
    ];

    private static RuleVersion PerFact(DateTimeOffset now, string ruleId, string title, string article, ViolationKind kind,
        IReadOnlyList<string> details, SanctionKind sanction, bool requiresConfirmation = true) => new()
    {
        RuleId = ruleId, Version = 1, Title = title, Article = article, Mode = RuleMode.PerFact, CountedKinds = [kind],
        Details = details, PerFactSanction = sanction, RequiresConfirmation = requiresConfirmation,
        EffectiveFrom = DateOnly.MinValue, Status = RuleStatus.Approved, DraftedBy = "rulebook", DraftedAt = now,
        ApprovedBy = "rulebook", ApprovedAt = now,
    };
}

/// <summary>The approved versions of the rules: which one is in force on a date.</summary>
public sealed class Rulebook(IEnumerable<RuleVersion> versions)
{
    private readonly List<RuleVersion> _approved = versions.Where(v => v.Status == RuleStatus.Approved)
        .OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version).ToList();

    public IEnumerable<string> RuleIds => _approved.Select(v => v.RuleId).Distinct(StringComparer.Ordinal);

    /// <summary>The approved version a citation names (<c>R1.8/v1</c>), if any.</summary>
    public RuleVersion? Version(string citation) =>
        _approved.FirstOrDefault(v => string.Equals(v.Citation, citation, StringComparison.Ordinal));

    /// <summary>The latest-effective approved version of <paramref name="ruleId"/> on <paramref name="date"/>, if any.</summary>
    public RuleVersion? InForce(string ruleId, DateOnly date) =>
        _approved.LastOrDefault(v => v.RuleId == ruleId && v.EffectiveFrom <= date);
}
