namespace ServiceHall.Contracts.Cases;

/// <summary>受理: a case was accepted, at the window or deemed accepted on receipt (art. 32).</summary>
public sealed record CaseAccepted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    int ItemVersion,
    string ResponsibleStaffId,
    string? TicketId,
    DateTimeOffset AcceptedAt,
    DateTimeOffset DueAt,
    bool Deemed) : IIntegrationEvent;
