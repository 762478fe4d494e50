namespace ServiceHall.Contracts.Cases;

/// <summary>一次性告知: a notice of missing materials was issued (Sequence 1 is the first).</summary>
public sealed record CaseNoticeIssued(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string ItemId,
    int Sequence,
    int MaterialCount,
    string IssuedBy,
    string ResponsibleStaffId) : IIntegrationEvent;
