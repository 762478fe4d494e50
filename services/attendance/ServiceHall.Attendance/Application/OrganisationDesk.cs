using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>A window with the service items it offers.</summary>
public sealed record WindowView(Window Window, IReadOnlyList<string> ServiceItemIds);

/// <summary>A staff member with the roles they hold.</summary>
public sealed record StaffView(StaffMember Staff, IReadOnlyList<StaffRoleKind> Roles);

/// <summary>The hall's organisation, or one unit of it.</summary>
public sealed record OrganisationView(
    IReadOnlyList<Unit> Units, IReadOnlyList<WindowView> Windows, IReadOnlyList<StaffView> Staff);

/// <summary>The hall's organisation: units (单位), their windows and the service items each offers, staff and roles.</summary>
public sealed class OrganisationDesk(AttendanceDbContext db, TimeProvider time, IOptions<HallOptions> hall)
{
    public async Task<Unit> CreateUnitAsync(string unitId, string name, CancellationToken cancellationToken)
    {
        // The id is the client's idempotency key: the same request again answers as the first time.
        var once = new CreateOnce<Unit>("Unit", unitId, u => u.UnitId == unitId, u => u.Name == name);
        if (await once.FindAsync(db, cancellationToken) is { } unitThere)
            return unitThere;
        var now = time.GetUtcNow();
        var unit = new Unit { UnitId = unitId, HallId = hall.Value.HallId, Name = name, CreatedAt = now };
        db.AddEvent(new UnitRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, unitId, name), now);
        return await once.AddAsync(db, unit, cancellationToken);
    }

    public async Task CreateWindowAsync(string windowId, string unitId, string name,
        IReadOnlyCollection<string> serviceItemIds, string actor, CancellationToken cancellationToken)
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
            throw new DuplicateException("Window", windowId, "with other details");
        }
        var now = time.GetUtcNow();
        var window = new Window
            { WindowId = windowId, UnitId = unitId, Name = name, CreatedAt = now, CreatedBy = actor, StateChangedAt = now };
        db.Windows.Add(window);
        var items = serviceItemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        db.WindowServiceItems.AddRange(items.Select(item => new WindowServiceItem { WindowId = windowId, ItemId = item }));
        db.AddEvent(new WindowServiceItemsSet(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, unitId, items), now);
        // Created at the same moment by another request: its details were not compared, so it is not this answer.
        await new CreateOnce<Window>("Window", windowId, w => w.WindowId == windowId, _ => false)
            .AddAsync(db, window, cancellationToken);
    }

    public async Task RegisterStaffAsync(string staffId, string displayName, string unitId, string windowId,
        IReadOnlyCollection<StaffRoleKind> roles, string actor, CancellationToken cancellationToken)
    {
        await RequireUnitAsync(unitId, cancellationToken);
        if (windowId.Length > 0)
        {
            var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId,
                             cancellationToken)
                         ?? throw new NotFoundException("Window", windowId);
            if (!string.Equals(window.UnitId, unitId, StringComparison.Ordinal))
            {
                throw new RuleRefusedException("unit-of-window", $"window/{windowId}",
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
            throw new DuplicateException("Staff member", staffId, "with other details");
        }
        var now = time.GetUtcNow();
        var member = new StaffMember
        {
            StaffId = staffId, DisplayName = displayName, UnitId = unitId, WindowId = windowId, RegisteredAt = now,
            RegisteredBy = actor,
        };
        db.Staff.Add(member);
        db.StaffRoles.AddRange(roles.Distinct().Select(r => new StaffRole { StaffId = staffId, Role = r }));
        db.AddEvent(new StaffRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, staffId, displayName, unitId,
            windowId, roles.Distinct().Order().Select(r => r.ToString()).ToList()), now);
        await new CreateOnce<StaffMember>("Staff member", staffId, s => s.StaffId == staffId, _ => false)
            .AddAsync(db, member, cancellationToken);
    }

    public async Task<WindowView> SetServiceItemsAsync(string windowId, IReadOnlyCollection<string> itemIds, string actor,
        CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
                     ?? throw new NotFoundException("Window", windowId);
        var items = itemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.WindowServiceItems.Where(i => i.WindowId == windowId).ExecuteDeleteAsync(cancellationToken);
        db.WindowServiceItems.AddRange(items.Select(item => new WindowServiceItem { WindowId = windowId, ItemId = item }));
        var now = time.GetUtcNow();
        (window.ItemsSetBy, window.ItemsSetAt) = (actor, now);
        db.AddEvent(new WindowServiceItemsSet(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, window.UnitId,
            items), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WindowView(window, items);
    }

    public async Task<StaffView> SetRolesAsync(string staffId, IReadOnlyCollection<StaffRoleKind> roles, string actor,
        CancellationToken cancellationToken)
    {
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken)
                    ?? throw new NotFoundException("Staff member", staffId);
        var kept = roles.Distinct().Order().ToList();
        if (kept.Contains(StaffRoleKind.WindowStaff) && staff.WindowId.Length == 0)
        {
            throw new RuleRefusedException("A5", $"staff/{staffId}",
                $"Staff member '{staffId}' has no window, so cannot be window staff; register them at a window first.");
        }
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.StaffRoles.Where(r => r.StaffId == staffId).ExecuteDeleteAsync(cancellationToken);
        db.StaffRoles.AddRange(kept.Select(r => new StaffRole { StaffId = staffId, Role = r }));
        var now = time.GetUtcNow();
        (staff.RolesChangedBy, staff.RolesChangedAt) = (actor, now);
        Announce(staff, kept, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StaffView(staff, kept);
    }

    /// <summary>
    /// Disables a staff member (their tokens carry no role in any service from the next call; punches for them are
    /// refused) or enables them again; the days from the one they were disabled on through the one they were enabled
    /// again on are never judged (<see cref="StaffMember.IsDisabledOn"/>). The same state again changes nothing and
    /// announces nothing.
    /// </summary>
    public async Task<StaffView> SetActiveAsync(string staffId, bool active, string reason, string actor,
        CancellationToken cancellationToken)
    {
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken)
                    ?? throw new NotFoundException("Staff member", staffId);
        var roles = await db.StaffRoles.AsNoTracking().Where(r => r.StaffId == staffId).Select(r => r.Role)
            .ToListAsync(cancellationToken);
        roles = roles.Order().ToList();
        if (staff.Active == active)
            return new StaffView(staff, roles);
        var now = time.GetUtcNow();
        if (active)
            (staff.Disabled, staff.EnabledAgainAt) = (false, now);
        else
            (staff.Disabled, staff.DisabledAt) = (true, now);
        (staff.ActiveChangedBy, staff.ActiveChangeReason) = (actor, reason);
        Announce(staff, roles, now);
        await db.SaveChangesAsync(cancellationToken);
        return new StaffView(staff, roles);
    }

    private void Announce(StaffMember staff, IEnumerable<StaffRoleKind> roles, DateTimeOffset now) =>
        db.AddEvent(new StaffRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, staff.StaffId,
            staff.DisplayName, staff.UnitId, staff.WindowId, roles.Select(r => r.ToString()).ToList(), staff.Active), now);

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
            throw new NotFoundException("Unit", unitId);
    }
}
