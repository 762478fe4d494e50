namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A staff member's registry entry as it now stands — published when they are registered and when their roles change:
/// the name others print, the unit, the window and the roles (e.g. <c>UnitHead</c>, to whom a unit's overdue case is
/// charged) — and when they are disabled or enabled again (<c>SetStaffActive</c>): a disabled person's tokens carry no
/// role in any service from the moment its copy of the registry has this. Staff names are the hall's employees', not
/// citizens' personal data. <see cref="Active"/> defaults to true for announcements of builds before it existed.
/// </summary>
public sealed record StaffRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string DisplayName,
    string UnitId,
    string WindowId,
    IReadOnlyList<string> Roles,
    bool Active = true) : IIntegrationEvent;
