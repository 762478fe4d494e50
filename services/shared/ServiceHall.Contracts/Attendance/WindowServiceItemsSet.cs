namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// The service items a window offers were set (the window was created, or its items replaced). The cases service keeps
/// its own copy to know which tickets a window may call.
/// </summary>
public sealed record WindowServiceItemsSet(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string UnitId,
    IReadOnlyList<string> ItemIds) : IIntegrationEvent;
