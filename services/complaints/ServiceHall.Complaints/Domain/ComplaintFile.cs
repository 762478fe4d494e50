namespace ServiceHall.Complaints.Domain;

/// <summary>
/// 投诉: one complaint from receipt to the reply. The complainant's name and phone, the content, the findings and the
/// reply are held encrypted (<c>*Protected</c>): they may name people.
/// </summary>
public sealed class ComplaintFile
{
    public required string ComplaintId { get; init; }

    public required string RequestId { get; init; }

    public Channel Channel { get; init; }

    public ComplaintCategory Category { get; init; }

    public bool Anonymous { get; init; }

    public string? ComplainantNameProtected { get; set; }

    public string? ComplainantPhoneProtected { get; set; }

    public string? WindowId { get; init; }

    public string? StaffId { get; init; }

    public string? CaseId { get; init; }

    public required string ContentProtected { get; set; }

    public ComplaintStatus Status { get; set; }

    /// <summary>Keyed hash of the submitting source (kiosk, phone line, web session) for the anonymous rate limit.</summary>
    public string? SourceHash { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The resolve deadline: Complaints:ResolveDays working days after receipt.</summary>
    public DateTimeOffset DueAt { get; init; }

    public IReadOnlyList<string> EvidenceProtected { get; set; } = [];

    /// <summary>
    /// Who added each evidence note, in the notes' order (the callers' sub, comma-separated: ids hold no comma); null
    /// for a complaint from before it was kept, whose notes' authors are in the audit trail only.
    /// </summary>
    public string? EvidenceAddedBy { get; set; }

    /// <summary>The author of each evidence note, in order; "" where not kept.</summary>
    public IReadOnlyList<string> EvidenceAuthors()
    {
        var authors = (EvidenceAddedBy ?? "").Split(',');
        // Older notes than the column: their authors were not kept; the list is aligned to the notes' end.
        var known = EvidenceAddedBy is null ? 0 : authors.Length;
        return [.. Enumerable.Repeat("", EvidenceProtected.Count - known), .. authors.Take(known)];
    }

    public string? FindingsProtected { get; set; }

    /// <summary>The finding, kept after resolution: true verified, false unfounded, null undecided.</summary>
    public bool? Verified { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>Who started the investigation (the token's sub).</summary>
    public string? InvestigatedBy { get; set; }

    /// <summary>Who decided verified or unfounded (the token's sub): the decision that may become a demerit.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>Who resolved it with the reply.</summary>
    public string? ResolvedBy { get; set; }

    public string? ReplyProtected { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Escalation steps done (A22: overdue → unit head, later → bureau leader), each once.</summary>
    public int EscalationLevel { get; set; }

    /// <summary>
    /// Who sent the request (the token's subject): the request id is the caller's, so the same id from another
    /// caller is ALREADY_EXISTS, never this record.
    /// </summary>
    public string? SubmittedBy { get; init; }

    public int Revision { get; set; }
}
