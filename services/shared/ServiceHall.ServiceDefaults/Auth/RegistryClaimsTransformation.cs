using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A person as the staff registry has them: their unit, their roles (<see cref="Roles"/> names), and whether they are
/// the hall's duty leader today (R1.6/R1.7: 值班领导 oversees the whole hall on their day).
/// </summary>
public sealed record RegistryEntry(string UnitId, IReadOnlyCollection<string> Roles, bool DutyLeaderToday = false);

/// <summary>Who is who, as the service that holds (or mirrors) the staff registry knows it.</summary>
public interface IStaffRegistry
{
    Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken);
}

/// <summary>
/// The token says who is calling; the staff registry says in which unit and as what. A unit role the token claims
/// (<see cref="CallerScope.UnitRoles"/>) counts only when the registry gives it to the token's <c>sub</c>, so a token
/// can narrow but never widen what the registry says, and <c>SetStaffRoles</c> takes effect at the next call; the
/// caller's unit is added from the registry (<see cref="CallerScope.UnitClaim"/>), and the day's duty leader is marked
/// hall-wide (<see cref="CallerScope.HallDutyClaim"/>); neither is ever read from the token.
/// The registry is asked only for tokens that claim a unit role.
/// </summary>
public sealed class RegistryClaimsTransformation(IStaffRegistry registry) : IClaimsTransformation
{
    private const string Checked = "servicehall:registry-checked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } || principal.HasClaim(c => c.Type == Checked))
            return principal;
        var transformed = principal.Clone();
        var identity = (ClaimsIdentity)transformed.Identity!;
        foreach (var forged in identity.FindAll(c => c.Type is CallerScope.UnitClaim or CallerScope.HallDutyClaim).ToList())
            identity.RemoveClaim(forged);
        identity.AddClaim(new Claim(Checked, "1"));
        var unitRoles = identity.FindAll(identity.RoleClaimType)
            .Where(c => CallerScope.UnitRoles.Contains(c.Value, StringComparer.Ordinal)).ToList();
        if (unitRoles.Count == 0)
            return transformed;
        var entry = transformed.Subject() is { Length: > 0 } subject
            ? await registry.FindAsync(subject, CancellationToken.None)
            : null;
        var granted = unitRoles.Where(r => entry is not null && entry.Roles.Contains(r.Value, StringComparer.Ordinal)).ToList();
        foreach (var role in unitRoles.Except(granted))
            identity.RemoveClaim(role);
        if (granted.Count > 0)
            identity.AddClaim(new Claim(CallerScope.UnitClaim, entry!.UnitId));
        if (entry is { DutyLeaderToday: true } && granted.Any(r => r.Value == Roles.DutyLeader))
            identity.AddClaim(new Claim(CallerScope.HallDutyClaim, "1"));
        return transformed;
    }
}
