namespace ServiceHall.Contracts.Cases;

/// <summary>A window paused calling tickets, with a reason shown on the wall (never personal data).</summary>
public sealed record WindowPaused(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string StaffId,
    string Reason) : IIntegrationEvent;
