namespace ServiceHall.Contracts.Cases;

/// <summary>
/// A later notice asked for materials the item required at the first check, overridden with a reason: a breach of
/// one-time notification (R1.3b(一)) for discipline.
/// </summary>
public sealed record OneTimeNoticeViolated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string ItemId,
    int Sequence,
    IReadOnlyList<string> MaterialIds,
    string IssuedBy,
    string ResponsibleStaffId) : IIntegrationEvent;
