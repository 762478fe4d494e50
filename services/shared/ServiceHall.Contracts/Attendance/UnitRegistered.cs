namespace ServiceHall.Contracts.Attendance;

/// <summary>A unit (单位) of the hall was created: its name, for what others print (the Monday brief).</summary>
public sealed record UnitRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string UnitId,
    string Name) : IIntegrationEvent;
