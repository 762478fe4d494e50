namespace ServiceHall.Contracts.Attendance;

/// <summary>The live state of a window changed (who is on post, open or closed).</summary>
public sealed record WindowStatusChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string State,
    IReadOnlyList<string> StaffOnPost) : IIntegrationEvent;
