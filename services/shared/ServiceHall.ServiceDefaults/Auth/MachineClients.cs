using System.Security.Claims;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A registered machine client as the client registry (attendance's, or a service's copy of it) has it: what kind of
/// client it is, the windows it stands at and the units it serves, and whether it is enabled.
/// </summary>
public sealed record ClientEntry(
    string Kind, IReadOnlyCollection<string> WindowIds, IReadOnlyCollection<string> UnitIds, bool Enabled);

/// <summary>
/// Machines are registered clients, not one role. A token that carries <see cref="ClientIdClaim"/> (RFC 9068's
/// <c>client_id</c>) is a machine: whatever roles it carries are dropped, and it gets the one role of its registered
/// kind (<see cref="RoleOf"/>) with the windows and units it is registered for (<see cref="WindowClaim"/>,
/// <see cref="UnitClaim"/>) — or no role at all, so every call is refused, when it is unknown or disabled.
/// </summary>
public static class MachineClients
{
    /// <summary>The token claim that names the client.</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>A window the client stands at (added from the registry; removed from any token).</summary>
    public const string WindowClaim = "servicehall:client-window";

    /// <summary>A unit the client serves (added from the registry; removed from any token).</summary>
    public const string UnitClaim = "servicehall:client-unit";

    /// <summary>The kinds of client and the role each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BadgeReader"] = Roles.BadgeReader,
        ["Kiosk"] = Roles.Kiosk,
        ["Display"] = Roles.Display,
        ["Platform"] = Roles.Platform,
        ["Trusted"] = Roles.System,
    };

    public static string? RoleOf(string kind) => Kinds.TryGetValue(kind, out var role) ? role : null;

    public static string? ClientId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(ClientIdClaim)?.Value;
    }

    /// <summary>A client bounded to units: a badge reader or a platform, and not also trusted.</summary>
    public static bool IsUnitBoundClient(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsInRole(Roles.System) && (user.IsInRole(Roles.BadgeReader) || user.IsInRole(Roles.Platform));
    }

    /// <summary>
    /// A unit-bound client (<see cref="IsUnitBoundClient"/>) acts only for the units it is registered for (null: the
    /// object was not found, which reads as another unit's); other callers pass. Throws <c>PermissionDenied</c>.
    /// </summary>
    public static void RequireClientUnit(this ClaimsPrincipal user, string? unitId, string subject)
    {
        if (!user.IsUnitBoundClient())
            return;
        if (unitId is not null && user.HasClaim(UnitClaim, unitId))
            return;
        throw new NotPermittedException(
            $"Client '{user.ClientId()}' is registered for other units; {subject} is not of them.");
    }
}
