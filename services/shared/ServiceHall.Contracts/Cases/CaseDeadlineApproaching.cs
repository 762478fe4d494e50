namespace ServiceHall.Contracts.Cases;

/// <summary>
/// A time limit is near: Step "two-days-left" or "due". UnitId is set for one unit's clock in parallel approval.
/// Fired once per step and clock.
/// </summary>
public sealed record CaseDeadlineApproaching(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    string? UnitId,
    string Step,
    DateTimeOffset DueAt,
    string ResponsibleStaffId) : IIntegrationEvent;
