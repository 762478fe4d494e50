namespace ServiceHall.Contracts.Cases;

/// <summary>A unit rejected the case (it may come back after rework).</summary>
public sealed record CaseRejected(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    string UnitId,
    string ResponsibleStaffId) : IIntegrationEvent;
