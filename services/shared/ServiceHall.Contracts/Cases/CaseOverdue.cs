namespace ServiceHall.Contracts.Cases;

/// <summary>
/// 超期: a time limit passed before the work was done. Fired once per clock: the case's (<c>UnitId</c> null) and, in
/// parallel approval, each unit's. <c>ChargedUnitId</c>: the unit whose clock ran out — the unit of a per-unit clock,
/// or the one deciding unit of a case without parallel approval; null on the case's clock in parallel approval (each
/// late unit's own event charges it).
/// </summary>
public sealed record CaseOverdue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    string? UnitId,
    DateTimeOffset DueAt,
    string ResponsibleStaffId,
    string? ChargedUnitId = null) : IIntegrationEvent;
