namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A machine client's registration as it now stands — published when it is registered, disabled or enabled again: its
/// kind (<c>BadgeReader</c>, <c>Kiosk</c>, <c>Display</c>, <c>Platform</c>, <c>Trusted</c>), the windows it stands at,
/// the units it acts for, and whether it may call at all. Services that machines call keep a copy, so a client's token
/// is judged by its registration, not by the roles it carries.
/// </summary>
public sealed record ClientRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ClientId,
    string Kind,
    IReadOnlyList<string> WindowIds,
    IReadOnlyList<string> UnitIds,
    bool Enabled) : IIntegrationEvent;
