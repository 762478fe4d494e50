namespace ServiceHall.Contracts.Cases;

/// <summary>A paused window resumed calling tickets.</summary>
public sealed record WindowResumed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string StaffId) : IIntegrationEvent;
