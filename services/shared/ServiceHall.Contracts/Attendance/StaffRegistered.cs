namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A staff member's registry entry as it now stands — published when they are registered and when their roles change:
/// the name others print, the unit, the window and the roles (e.g. <c>UnitHead</c>, to whom a unit's overdue case is
/// charged). Staff names are the hall's employees', not citizens' personal data.
/// </summary>
public sealed record StaffRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string DisplayName,
    string UnitId,
    string WindowId,
    IReadOnlyList<string> Roles) : IIntegrationEvent;
