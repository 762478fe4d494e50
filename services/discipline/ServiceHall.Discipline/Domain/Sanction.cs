namespace ServiceHall.Discipline.Domain;

/// <summary>A sanction issued by a rule; it cites the rule version and keeps the events that are its evidence.</summary>
public sealed class Sanction
{
    public Guid SanctionId { get; init; }

    public required string StaffId { get; init; }

    public SanctionKind Kind { get; init; }

    public required string RuleVersion { get; init; }

    public DateOnly WeekStart { get; init; }

    public int Year { get; init; }

    public required IReadOnlyList<Guid> EvidenceEventIds { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>
    /// What makes the sanction unique, e.g. one circulated criticism per staff member and week, one loss of award
    /// eligibility per staff member and year; a unique index on it stops a second one even under concurrency.
    /// </summary>
    public required string DedupKey { get; set; }

    /// <summary>A proposal (A28: demotion, dismissal) waits for a person to confirm it; it counts only once confirmed.</summary>
    public bool Proposed { get; set; }

    /// <summary>Who confirmed the proposal, or issued it by hand.</summary>
    public string? ConfirmedBy { get; set; }

    /// <summary>A sanction issued by hand: why, in the words of the person who issued it.</summary>
    public string? IssueReason { get; init; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>The staff member's appeal (申诉), if any.</summary>
    public string? AppealReason { get; set; }

    public DateTimeOffset? AppealedAt { get; set; }

    /// <summary>Who filed the appeal (the person, or the office for them); they do not decide it.</summary>
    public string? AppealedBy { get; set; }

    /// <summary>Null without appeal; false while pending or when rejected; true when upheld.</summary>
    public bool? AppealUpheld { get; set; }

    public string? AppealDecidedBy { get; set; }

    public string? AppealDecisionReason { get; set; }

    /// <summary>
    /// Set when an upheld appeal revoked it, or a fact it rested on was withdrawn and its threshold is no longer met:
    /// it no longer counts (award eligibility comes back).
    /// </summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it was revoked (an upheld appeal, a withdrawn fact).</summary>
    public string? RevocationReason { get; set; }
}
