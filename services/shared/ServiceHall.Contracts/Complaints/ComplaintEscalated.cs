namespace ServiceHall.Contracts.Complaints;

/// <summary>An unresolved complaint went past its deadline and up to Level ("unit-head", then "bureau-leader"), once each.</summary>
public sealed record ComplaintEscalated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ComplaintId,
    string? StaffId,
    string? WindowId,
    string Level,
    DateTimeOffset DueAt) : IIntegrationEvent;
