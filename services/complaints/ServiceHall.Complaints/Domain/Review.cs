namespace ServiceHall.Complaints.Domain;

public enum RectificationAction
{
    /// <summary>核实.</summary>
    Verified = 1,

    /// <summary>整改.</summary>
    Rectified = 2,

    /// <summary>解释说明.</summary>
    Explained = 3,
}

public enum AppealStatus
{
    Pending = 1,
    Upheld = 2,
    Rejected = 3,
}

/// <summary>
/// 好差评: one review of one finished ticket or completed case, bound to its window and staff member. A bad review
/// carries its rectification (差评整改): due date, call back (回访), action and outcome. An upheld appeal (申诉)
/// excludes it from the figures.
/// </summary>
public sealed class Review
{
    public required string ReviewId { get; init; }

    public required string RequestId { get; init; }

    public string? TicketId { get; init; }

    public string? CaseId { get; init; }

    public string? WindowId { get; init; }

    public required string StaffId { get; init; }

    public Grade Grade { get; init; }

    public bool Anonymous { get; init; }

    public string? ReviewerNameProtected { get; set; }

    public string? ReviewerPhoneProtected { get; set; }

    public string? CommentProtected { get; set; }

    /// <summary>Keyed hash of the submitting source (kiosk, phone line, web session) for the anonymous rate limit.</summary>
    public string? SourceHash { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public bool Excluded { get; set; }

    public DateTimeOffset? RectificationDueAt { get; init; }

    public DateTimeOffset? CalledBackAt { get; set; }

    /// <summary>Who called the reviewer back.</summary>
    public string? CalledBackBy { get; set; }

    /// <summary>Who closed the rectification.</summary>
    public string? RectifiedBy { get; set; }

    public string? CallbackResultProtected { get; set; }

    public RectificationAction? RectificationAction { get; set; }

    public string? RectificationOutcomeProtected { get; set; }

    public DateTimeOffset? RectifiedAt { get; set; }

    public string? AppealReason { get; set; }

    public string? AppealedBy { get; set; }

    public DateTimeOffset? AppealedAt { get; set; }

    public AppealStatus? AppealStatus { get; set; }

    public string? AppealDecidedBy { get; set; }

    public string? AppealDecisionReason { get; set; }

    /// <summary>
    /// Who sent the request (the token's subject): the request id is the caller's, so the same id from another
    /// caller is ALREADY_EXISTS, never this record.
    /// </summary>
    public string? SubmittedBy { get; init; }

    public int Revision { get; set; }

    public bool Bad => Grade.IsBad();
}
