using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>A window with the service items it offers.</summary>
public sealed record WindowView(Window Window, IReadOnlyList<string> ServiceItemIds);

/// <summary>A staff member with the roles they hold.</summary>
public sealed record StaffView(StaffMember Staff, IReadOnlyList<StaffRoleKind> Roles);

/// <summary>The hall's organisation, or one unit of it.</summary>
public sealed record OrganisationView(
    IReadOnlyList<Unit> Units, IReadOnlyList<WindowView> Windows, IReadOnlyList<StaffView> Staff);

/// <summary>The hall's organisation: units (单位), their windows and the service items each offers, staff and roles.</summary>
public sealed class Organisation(AttendanceDbContext db, TimeProvider time, IOptions<HallOptions> hall)
{
    public async Task<Unit> CreateUnitAsync(string unitId, string name, CancellationToken cancellationToken)
    {
        // The id is the client's idempotency key: the same request again answers as the first time.
        if (await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == unitId, cancellationToken) is { } unitThere)
        {
            return unitThere.Name == name ? unitThere : throw GrpcErrors.AlreadyExists("Unit", unitId, "with another name");
        }
        var now = time.GetUtcNow();
        var unit = new Unit { UnitId = unitId, HallId = hall.Value.HallId, Name = name, CreatedAt = now };
        db.Units.Add(unit);
        db.AddEvent(new UnitRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, unitId, name), now);
        await SaveOrAlreadyExistsAsync("Unit", unitId, cancellationToken);
        return unit;
    }

    public async Task CreateWindowAsync(string windowId, string unitId, string name,
        IReadOnlyCollection<string> serviceItemIds, CancellationToken cancellationToken)
    {
        await RequireUnitAsync(unitId, cancellationToken);
        if (await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken) is { } there)
        {
            var offered = await db.WindowServiceItems.AsNoTracking().Where(i => i.WindowId == windowId)
                .Select(i => i.ItemId).ToListAsync(cancellationToken);
            var same = there.UnitId == unitId && there.Name == name &&
                       offered.Order(StringComparer.Ordinal).SequenceEqual(serviceItemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            if (same)
                return; // a retry of the same request
            throw GrpcErrors.AlreadyExists("Window", windowId, "with other details");
        }
        var now = time.GetUtcNow();
        db.Windows.Add(new Window { WindowId = windowId, UnitId = unitId, Name = name, CreatedAt = now, StateChangedAt = now });
        var items = serviceItemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        db.WindowServiceItems.AddRange(items.Select(item => new WindowServiceItem { WindowId = windowId, ItemId = item }));
        db.AddEvent(new WindowServiceItemsSet(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, unitId, items), now);
        await SaveOrAlreadyExistsAsync("Window", windowId, cancellationToken);
    }

    public async Task RegisterStaffAsync(string staffId, string displayName, string unitId, string windowId,
        IReadOnlyCollection<StaffRoleKind> roles, CancellationToken cancellationToken)
    {
        await RequireUnitAsync(unitId, cancellationToken);
        if (windowId.Length > 0)
        {
            var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId,
                             cancellationToken)
                         ?? throw GrpcErrors.NotFound("Window", windowId);
            if (!string.Equals(window.UnitId, unitId, StringComparison.Ordinal))
            {
                throw GrpcErrors.FailedPrecondition(
                    $"Window '{windowId}' belongs to unit '{window.UnitId}', not to unit '{unitId}'.");
            }
        }
        if (await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken) is { } there)
        {
            var held = await db.StaffRoles.AsNoTracking().Where(r => r.StaffId == staffId).Select(r => r.Role)
                .ToListAsync(cancellationToken);
            var same = there.DisplayName == displayName && there.UnitId == unitId && there.WindowId == windowId &&
                       held.Order().SequenceEqual(roles.Distinct().Order());
            if (same)
                return; // a retry of the same request
            throw GrpcErrors.AlreadyExists("Staff member", staffId, "with other details");
        }
        var now = time.GetUtcNow();
        db.Staff.Add(new StaffMember
        {
            StaffId = staffId, DisplayName = displayName, UnitId = unitId, WindowId = windowId, RegisteredAt = now,
        });
        db.StaffRoles.AddRange(roles.Distinct().Select(r => new StaffRole { StaffId = staffId, Role = r }));
        db.AddEvent(new StaffRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, staffId, displayName, unitId,
            windowId, roles.Distinct().Order().Select(r => r.ToString()).ToList()), now);
        await SaveOrAlreadyExistsAsync("Staff member", staffId, cancellationToken);
    }

    public async Task<WindowView> SetServiceItemsAsync(string windowId, IReadOnlyCollection<string> itemIds,
        CancellationToken cancellationToken)
    {
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
                     ?? throw GrpcErrors.NotFound("Window", windowId);
        var items = itemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.WindowServiceItems.Where(i => i.WindowId == windowId).ExecuteDeleteAsync(cancellationToken);
        db.WindowServiceItems.AddRange(items.Select(item => new WindowServiceItem { WindowId = windowId, ItemId = item }));
        var now = time.GetUtcNow();
        db.AddEvent(new WindowServiceItemsSet(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, window.UnitId,
            items), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WindowView(window, items);
    }

    public async Task<StaffView> SetRolesAsync(string staffId, IReadOnlyCollection<StaffRoleKind> roles,
        CancellationToken cancellationToken)
    {
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken)
                    ?? throw GrpcErrors.NotFound("Staff member", staffId);
        var kept = roles.Distinct().Order().ToList();
        if (kept.Contains(StaffRoleKind.WindowStaff) && staff.WindowId.Length == 0)
        {
            throw GrpcErrors.FailedPrecondition(
                $"Staff member '{staffId}' has no window, so cannot be window staff; register them at a window first.");
        }
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.StaffRoles.Where(r => r.StaffId == staffId).ExecuteDeleteAsync(cancellationToken);
        db.StaffRoles.AddRange(kept.Select(r => new StaffRole { StaffId = staffId, Role = r }));
        var now = time.GetUtcNow();
        db.AddEvent(new StaffRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, staffId, staff.DisplayName,
            staff.UnitId, staff.WindowId, kept.Select(r => r.ToString()).ToList()), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StaffView(staff, kept);
    }

    public async Task<OrganisationView> GetAsync(string? unitId, CancellationToken cancellationToken)
    {
        if (unitId is not null)
            await RequireUnitAsync(unitId, cancellationToken);
        var units = await db.Units.AsNoTracking().Where(u => unitId == null || u.UnitId == unitId)
            .OrderBy(u => u.UnitId).ToListAsync(cancellationToken);
        var windows = await db.Windows.AsNoTracking().Where(w => unitId == null || w.UnitId == unitId)
            .OrderBy(w => w.WindowId).ToListAsync(cancellationToken);
        var windowIds = windows.Select(w => w.WindowId).ToList();
        var items = (await db.WindowServiceItems.AsNoTracking().Where(i => windowIds.Contains(i.WindowId))
            .ToListAsync(cancellationToken)).ToLookup(i => i.WindowId, i => i.ItemId);
        var staff = await db.Staff.AsNoTracking().Where(s => unitId == null || s.UnitId == unitId)
            .OrderBy(s => s.StaffId).ToListAsync(cancellationToken);
        var staffIds = staff.Select(s => s.StaffId).ToList();
        var roles = (await db.StaffRoles.AsNoTracking().Where(r => staffIds.Contains(r.StaffId))
            .ToListAsync(cancellationToken)).ToLookup(r => r.StaffId, r => r.Role);
        return new OrganisationView(units,
            windows.Select(w => new WindowView(w, items[w.WindowId].Order(StringComparer.Ordinal).ToList())).ToList(),
            staff.Select(s => new StaffView(s, roles[s.StaffId].Order().ToList())).ToList());
    }

    private async Task RequireUnitAsync(string unitId, CancellationToken cancellationToken)
    {
        if (!await db.Units.AnyAsync(u => u.UnitId == unitId, cancellationToken))
            throw GrpcErrors.NotFound("Unit", unitId);
    }

    private async Task SaveOrAlreadyExistsAsync(string what, string id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Created concurrently by another request.
            throw GrpcErrors.AlreadyExists(what, id);
        }
    }
}
