using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A person as the staff registry has them: their unit, their roles (<see cref="Roles"/> names), and whether they are
/// the hall's duty leader today (R1.6/R1.7: 值班领导 oversees the whole hall on their day), and whether they are active
/// (a disabled person's token carries no role: <c>SetStaffActive</c>).
/// </summary>
public sealed record RegistryEntry(string UnitId, IReadOnlyCollection<string> Roles, bool DutyLeaderToday = false,
    bool Active = true);

/// <summary>Who is who, as the service that holds (or mirrors) the staff and client registries knows it.</summary>
public interface IStaffRegistry
{
    Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>A registered machine client; null when unknown (a service no machine calls knows none).</summary>
    Task<ClientEntry?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        Task.FromResult<ClientEntry?>(null);

    /// <summary>
    /// Whether this registry knows the hall's staff; one that knows only clients leaves people's roles as the token
    /// says (complaints: unit heads act hall-wide there).
    /// </summary>
    bool KnowsStaff => true;
}

/// <summary>
/// The token says who is calling; the staff registry says in which unit and as what. A unit role the token claims
/// (<see cref="CallerScope.UnitRoles"/>) counts only when the registry gives it to the token's <c>sub</c>, so a token
/// can narrow but never widen what the registry says, and <c>SetStaffRoles</c> takes effect at the next call; the
/// caller's unit is added from the registry (<see cref="CallerScope.UnitClaim"/>), and the day's duty leader is marked
/// hall-wide (<see cref="CallerScope.HallDutyClaim"/>); neither is ever read from the token.
/// A person the registry knows as disabled (<c>SetStaffActive</c>) keeps no role at all, whatever the token says: their
/// tokens stop at the next call, before they expire. The registry is asked for every person's token, its answers kept
/// a moment (<see cref="RegistryCache"/>).
/// A token that names a client (<see cref="MachineClients.ClientIdClaim"/>) is a machine: its standing comes from the
/// client registry alone (<see cref="MachineClients"/>); so does a token with the <c>system</c> role, as the client its
/// <c>sub</c> names, unless <see cref="AuthOptions.LegacySystemRole"/> accepts it as it stands. A person's token never
/// carries a device's or platform's role.
/// </summary>
public sealed class RegistryClaimsTransformation(IStaffRegistry registry, RegistryCache cache, IOptions<AuthOptions> options)
    : IClaimsTransformation
{
    private const string Checked = "servicehall:registry-checked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } || principal.HasClaim(c => c.Type == Checked))
            return principal;
        var transformed = principal.Clone();
        var identity = (ClaimsIdentity)transformed.Identity!;
        foreach (var forged in identity.FindAll(c => c.Type is CallerScope.UnitClaim or CallerScope.HallDutyClaim
                     or MachineClients.UnitClaim or MachineClients.WindowClaim).ToList())
            identity.RemoveClaim(forged);
        identity.AddClaim(new Claim(Checked, "1"));
        if (transformed.ClientId() is { } clientId)
            return await AsClientAsync(transformed, identity, clientId);
        // A bare `system` token: the trusted client its subject names, unless legacy tokens are still accepted.
        if (!options.Value.LegacySystemRole && transformed.IsInRole(Roles.System))
            return await AsClientAsync(transformed, identity, transformed.Subject() ?? "");
        foreach (var machineRole in identity.FindAll(identity.RoleClaimType)
                     .Where(c => c.Value != Roles.System && Roles.MachineRoles.Contains(c.Value, StringComparer.Ordinal)).ToList())
            identity.RemoveClaim(machineRole);
        if (!registry.KnowsStaff)
            return transformed;
        var entry = transformed.Subject() is { Length: > 0 } subject
            ? await cache.FindAsync(subject, id => registry.FindAsync(id, CancellationToken.None))
            : null;
        if (entry is { Active: false })
        {
            foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
                identity.RemoveClaim(role);
            return transformed; // disabled: refused everywhere
        }
        var unitRoles = identity.FindAll(identity.RoleClaimType)
            .Where(c => CallerScope.UnitRoles.Contains(c.Value, StringComparer.Ordinal)).ToList();
        if (unitRoles.Count == 0)
            return transformed;
        var granted = unitRoles.Where(r => entry is not null && entry.Roles.Contains(r.Value, StringComparer.Ordinal)).ToList();
        foreach (var role in unitRoles.Except(granted))
            identity.RemoveClaim(role);
        if (granted.Count > 0)
            identity.AddClaim(new Claim(CallerScope.UnitClaim, entry!.UnitId));
        if (entry is { DutyLeaderToday: true } && granted.Any(r => r.Value == Roles.DutyLeader))
            identity.AddClaim(new Claim(CallerScope.HallDutyClaim, "1"));
        return transformed;
    }

    private async Task<ClaimsPrincipal> AsClientAsync(ClaimsPrincipal transformed, ClaimsIdentity identity,
        string clientId)
    {
        foreach (var claimed in identity.FindAll(identity.RoleClaimType).ToList())
            identity.RemoveClaim(claimed);
        var client = clientId.Length > 0 ? await cache.FindClientAsync(clientId, id => registry.FindClientAsync(id, CancellationToken.None)) : null;
        if (client is not { Enabled: true } || MachineClients.RoleOf(client.Kind) is not { } role)
            return transformed; // no role: refused everywhere
        identity.AddClaim(new Claim(identity.RoleClaimType, role));
        foreach (var window in client.WindowIds)
            identity.AddClaim(new Claim(MachineClients.WindowClaim, window));
        foreach (var unit in client.UnitIds)
            identity.AddClaim(new Claim(MachineClients.UnitClaim, unit));
        return transformed;
    }
}
