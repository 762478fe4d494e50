namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A window in service hours has nobody on post (A5, A16: a window must never be left unstaffed). Raised the moment
/// the last staff member leaves it (clock-out or leaving the post).
/// </summary>
public sealed record WindowUnstaffed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string LastStaffId) : IIntegrationEvent;
