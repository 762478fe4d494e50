using System.Security.Claims;
using Grpc.Core;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>Who is calling, read from the validated token.</summary>
public static class CallerExtensions
{
    public static ClaimsPrincipal Caller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().User;
    }

    public static string? Subject(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst("sub")?.Value;
    }

    /// <summary>
    /// A machine client (a registered badge reader, kiosk, display or platform, or the trusted system) rather than a
    /// person: only a machine witnesses a time of day it sends (a punch time, a time away).
    /// </summary>
    public static bool IsMachine(this ServerCallContext context) => Roles.MachineRoles.Any(context.Caller().IsInRole);

    /// <summary>
    /// A caller whose only standing is <paramref name="selfRole"/> may act on their own id only; any of the other
    /// allowed roles may act on anyone. Throws <c>PermissionDenied</c> otherwise.
    /// </summary>
    public static void RequireSelfOr(this ServerCallContext context, string subjectId, string selfRole,
        params string[] anyoneRoles)
    {
        var user = context.Caller();
        if (anyoneRoles.Any(user.IsInRole))
            return;
        if (user.IsInRole(selfRole) && string.Equals(user.Subject(), subjectId, StringComparison.Ordinal))
            return;
        throw SelfOnly(selfRole);
    }

    /// <summary>
    /// Finds the object a request names, then <see cref="RequireSelfOr"/> on its owner. Permission comes before
    /// existence: a caller who may act only on their own objects gets the same PERMISSION_DENIED for an id that does
    /// not exist as for another person's, so ids cannot be probed through NOT_FOUND.
    /// </summary>
    public static async Task<T> FindForSelfOrAsync<T>(this ServerCallContext context, Func<Task<T>> find,
        Func<T, string> owner, string selfRole, params string[] anyoneRoles)
    {
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(owner);
        var anyone = anyoneRoles.Any(context.Caller().IsInRole);
        T found;
        try
        {
            found = await find();
        }
        catch (NotFoundException) when (!anyone)
        {
            throw SelfOnly(selfRole);
        }
        context.RequireSelfOr(owner(found), selfRole, anyoneRoles);
        return found;
    }

    private static NotPermittedException SelfOnly(string selfRole) =>
        new($"Role '{selfRole}' may only act on its own id; this request is for another staff member.");
}
