using System.Security.Claims;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// How far a caller reaches. The office, bureau leaders, the discipline office and machine clients are hall-wide, and so
/// is the day's duty leader (R1.6/R1.7: leave is reported to and outings approved by 值班领导, who keeps the hall's
/// register); a unit head, or a duty leader on another day, acts within the unit the staff registry places them in
/// (<see cref="UnitClaim"/>, added by <see cref="RegistryClaimsTransformation"/>, never taken from the token).
/// </summary>
public static class CallerScope
{
    /// <summary>The caller's unit as the registry says; a token that carries this claim has it removed.</summary>
    public const string UnitClaim = "servicehall:unit";

    /// <summary>The caller is the hall's duty leader today, as the registry says; a token that carries this claim has it removed.</summary>
    public const string HallDutyClaim = "servicehall:hall-duty-today";

    /// <summary>Roles whose reach is the whole hall.</summary>
    public static readonly IReadOnlyList<string> HallWideRoles =
        [Roles.Office, Roles.BureauLeader, Roles.DisciplineOffice, Roles.System];

    /// <summary>Roles that count only where the registry gives them, and reach only their unit.</summary>
    public static readonly IReadOnlyList<string> UnitRoles = [Roles.UnitHead, Roles.DutyLeader];

    public static bool IsHallWide(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return HallWideRoles.Any(user.IsInRole) || (user.IsInRole(Roles.DutyLeader) && user.HasClaim(c => c.Type == HallDutyClaim));
    }

    /// <summary>
    /// Acting through a unit role (unit head, duty leader) and no hall-wide one: such a caller reaches only their unit.
    /// Staff acting for themselves and machines are bounded elsewhere (their own id, their registration).
    /// </summary>
    public static bool IsUnitScoped(this ClaimsPrincipal user) =>
        !user.IsHallWide() && UnitRoles.Any(user.IsInRole);

    /// <summary>The unit the registry places the caller in as a unit head or duty leader, or null.</summary>
    public static string? UnitOf(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(UnitClaim)?.Value;
    }

    /// <summary>
    /// A unit-scoped caller (<see cref="IsUnitScoped"/>) must be of <paramref name="unitId"/> (null: the object was not
    /// found, which reads to them as another unit's, so ids cannot be probed); others pass. Throws
    /// <c>PermissionDenied</c> otherwise.
    /// </summary>
    public static void RequireUnit(this ClaimsPrincipal user, string? unitId, string subject)
    {
        if (!user.IsUnitScoped())
            return;
        var mine = user.UnitOf();
        if (mine is not null && string.Equals(mine, unitId, StringComparison.Ordinal))
            return;
        throw new NotPermittedException(mine is null
            ? "The staff registry names the caller unit head or duty leader of no unit."
            : $"A unit head or duty leader acts within their own unit ('{mine}'); {subject} is not of it.");
    }
}
