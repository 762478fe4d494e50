namespace ServiceHall.Cases.Domain;

public enum CaseStatus
{
    /// <summary>Received (by mail, online, or left at the window) and not yet checked.</summary>
    Received = 1,

    /// <summary>一次性告知 issued before acceptance: waiting for the missing materials.</summary>
    NoticeIssued = 2,

    /// <summary>受理: accepted, the units deciding (parallel approval: each its own).</summary>
    InApproval = 3,

    /// <summary>办结: every unit approved.</summary>
    Completed = 4,

    /// <summary>A unit rejected it (it may be sent back for rework).</summary>
    Rejected = 5,
}

/// <summary>
/// 办件: one application for one service item, from receipt to result, under the item version it was received with.
/// The applicant's personal data is held only encrypted (<c>*Protected</c>) with a keyed hash of the ID number for
/// look-up; never in the clear, never in an event or a log.
/// </summary>
public sealed class CaseFile
{
    public required string CaseId { get; init; }

    /// <summary>The caller's request id: the same request again returns this case.</summary>
    public required string RequestId { get; init; }

    /// <summary>受理编号, given at acceptance (e.g. SH20261125-0007).</summary>
    public string? CaseNumber { get; set; }

    public required string ItemId { get; init; }

    public int ItemVersion { get; init; }

    /// <summary>The visit the case follows from, if any.</summary>
    public string? TicketId { get; init; }

    /// <summary>首问负责: the responsible contact, the first staff member who served the visit.</summary>
    public required string ResponsibleStaffId { get; init; }

    public required string ReceivedBy { get; init; }

    /// <summary>全程代办: the agent staff member who carries the case for the citizen.</summary>
    public string? AgentStaffId { get; set; }

    /// <summary>Who assigned the agent (from the assigner's token).</summary>
    public string? AgentAssignedBy { get; set; }

    /// <summary>Who extended the case's limit (延期), if anyone (the token's sub).</summary>
    public string? ExtendedBy { get; set; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>Accepted because no notice was issued within 5 working days of receipt (Administrative Licensing Law art. 32).</summary>
    public bool DeemedAccepted { get; set; }

    public CaseStatus Status { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public required string ApplicantNameProtected { get; set; }

    public required string ApplicantIdNumberProtected { get; set; }

    public string? ApplicantPhoneProtected { get; set; }

    /// <summary>Keyed hash of the ID number, to find a citizen's cases.</summary>
    public required string ApplicantIdLookup { get; set; }

    /// <summary>The materials handed in so far.</summary>
    public IReadOnlyList<string> SubmittedMaterialIds { get; set; } = [];

    /// <summary>The item's material list at the first check; null until checked.</summary>
    public IReadOnlyList<string>? RequiredAtFirstCheck { get; set; }

    public DateTimeOffset? FirstCheckedAt { get; set; }

    /// <summary>The committed time limit (承诺时限) of the item version; the clock below runs on it.</summary>
    public int CommittedDays { get; init; }

    /// <summary>The statutory limit (法定时限); an extension never passes it.</summary>
    public int StatutoryDays { get; init; }

    public StoredClock Clock { get; set; } = StoredClock.NotStarted;

    /// <summary>The committed due moment as last computed (for finding cases near their limit); null until accepted.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The visit's trace (the ticket's, or the receiving request's): the case's later steps link to it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Bumped on every change; two desks changing one case at once cannot both win.</summary>
    /// <summary>
    /// Who sent the request (the token's subject): the request id is the caller's, so the same id from another
    /// caller is ALREADY_EXISTS, never this record.
    /// </summary>
    public string? SubmittedBy { get; init; }

    public int Revision { get; set; }
}

/// <summary>A <see cref="DeadlineClock"/> as stored, with the last escalation step fired.</summary>
public sealed record StoredClock(
    DateTimeOffset? StartedAt, int LimitDays, int ExtensionDays, string? ExtensionReason, DateTimeOffset? StoppedAt,
    IReadOnlyList<Suspension> Suspensions, EscalationStep LastStep)
{
    public static readonly StoredClock NotStarted = new(null, 0, 0, null, null, [], EscalationStep.None);

    public bool Started => StartedAt is not null;

    public DeadlineClock Load() =>
        DeadlineClock.Restore(StartedAt ?? throw new InvalidOperationException("The clock has not started."),
            LimitDays, ExtensionDays, ExtensionReason, StoppedAt, Suspensions);

    public static StoredClock Start(DateTimeOffset at, int limitDays) =>
        new(at, limitDays, 0, null, null, [], EscalationStep.None);

    public StoredClock Keep(DeadlineClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return this with
        {
            ExtensionDays = clock.ExtensionDays, ExtensionReason = clock.ExtensionReason, StoppedAt = clock.StoppedAt,
            Suspensions = clock.Suspensions.ToList(),
        };
    }
}
