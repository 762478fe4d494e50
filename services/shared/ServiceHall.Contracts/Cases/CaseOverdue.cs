namespace ServiceHall.Contracts.Cases;

/// <summary>超期: a time limit passed before the work was done. Fired once per clock.</summary>
public sealed record CaseOverdue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    string? UnitId,
    DateTimeOffset DueAt,
    string ResponsibleStaffId) : IIntegrationEvent;
