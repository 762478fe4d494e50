using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// Discipline's copy of the staff registry (the directory attendance announces), for whoever asks who a caller is
/// (<see cref="IStaffRegistry"/>), and the unit a person or a rectification item belongs to, so that a unit head or duty
/// leader reads and closes only their own unit's. An unknown id reads to them as another unit's (no probing of ids).
/// </summary>
public sealed class RegistryDesk(DisciplineDbContext db) : IStaffRegistry
{
    public async Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken)
    {
        var entry = await db.Directory.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Kind == DirectoryKind.Staff && e.Id == staffId, cancellationToken);
        return entry?.UnitId is { } unit
            ? new RegistryEntry(unit, entry.Roles.Select(Roles.FromRegistry).OfType<string>().ToList(), Active: !entry.Disabled)
            : null;
    }

    /// <summary>Staff acting for themselves pass; a unit-scoped caller must be of the person's unit.</summary>
    public async Task RequireSelfOrUnitOfAsync(ClaimsPrincipal caller, string staffId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped() ||
            (caller.IsInRole(Roles.Staff) && string.Equals(caller.Subject(), staffId, StringComparison.Ordinal)))
        {
            return;
        }
        var unit = await db.Directory.AsNoTracking().Where(e => e.Kind == DirectoryKind.Staff && e.Id == staffId)
            .Select(e => e.UnitId).FirstOrDefaultAsync(cancellationToken);
        caller.RequireUnit(unit, $"staff member '{staffId}'");
    }

    public async Task RequireRectificationUnitAsync(ClaimsPrincipal caller, Guid itemId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var unit = await db.RectificationItems.AsNoTracking().Where(i => i.ItemId == itemId).Select(i => i.UnitId)
            .FirstOrDefaultAsync(cancellationToken);
        caller.RequireUnit(unit, $"rectification item '{itemId}'");
    }
}
