using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// The staff registry, for whoever asks who a caller is (<see cref="IStaffRegistry"/>), and the unit each object
/// belongs to, so that a unit head or duty leader acts only within their own (<see cref="CallerScope.RequireUnit"/>).
/// An object that does not exist has no unit: to a unit-scoped caller it reads as another unit's (no probing of ids).
/// </summary>
public sealed class RegistryDesk(AttendanceDbContext db, WorkCalendar calendar, TimeProvider time) : IStaffRegistry
{
    public async Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken)
    {
        var staff = await db.Staff.AsNoTracking().Where(s => s.StaffId == staffId)
            .Select(s => new { s.UnitId, s.Disabled }).FirstOrDefaultAsync(cancellationToken);
        if (staff is null)
            return null;
        if (staff.Disabled)
            return new RegistryEntry(staff.UnitId, [], Active: false);
        var roles = await db.StaffRoles.AsNoTracking().Where(r => r.StaffId == staffId).Select(r => r.Role)
            .ToListAsync(cancellationToken);
        var today = calendar.DateOf(time.GetUtcNow());
        var onDuty = roles.Contains(StaffRoleKind.DutyLeader) && await db.HallDuties.AsNoTracking()
            .AnyAsync(d => d.Date == today && d.DutyLeaderStaffId == staffId, cancellationToken);
        return new RegistryEntry(staff.UnitId, roles.Select(RoleName).ToList(), onDuty);
    }

    public async Task<ClientEntry?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken) is { } c
            ? new ClientEntry(c.Kind.ToString(), c.WindowIds, c.UnitIds, c.Enabled)
            : null;

    /// <summary>The token role a registry role stands for.</summary>
    public static string RoleName(StaffRoleKind role) => role switch
    {
        StaffRoleKind.WindowStaff => Roles.Staff,
        StaffRoleKind.DutyLeader => Roles.DutyLeader,
        StaffRoleKind.UnitHead => Roles.UnitHead,
        StaffRoleKind.BureauLeader => Roles.BureauLeader,
        StaffRoleKind.Office => Roles.Office,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>
    /// A badge reader or platform acts only for staff of the units it is registered for (an unknown staff member reads
    /// as another unit's); other callers pass.
    /// </summary>
    public async Task RequireClientStaffAsync(ClaimsPrincipal caller, string staffId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitBoundClient())
            return;
        var unit = await db.Staff.AsNoTracking().Where(s => s.StaffId == staffId).Select(s => s.UnitId)
            .FirstOrDefaultAsync(cancellationToken);
        caller.RequireClientUnit(unit, $"staff member '{staffId}'");
    }

    public Task RequireStaffUnitAsync(ClaimsPrincipal caller, string staffId, CancellationToken cancellationToken) =>
        RequireUnitOfAsync(caller, db.Staff.AsNoTracking().Where(s => s.StaffId == staffId).Select(s => s.UnitId),
            $"staff member '{staffId}'", cancellationToken);

    /// <summary>A unit head or duty leader reaches the windows of their unit (an unknown window reads as another unit's).</summary>
    public Task RequireWindowUnitAsync(ClaimsPrincipal caller, string windowId, CancellationToken cancellationToken) =>
        RequireUnitOfAsync(caller, db.Windows.AsNoTracking().Where(w => w.WindowId == windowId).Select(w => w.UnitId),
            $"window '{windowId}'", cancellationToken);

    /// <summary>
    /// A unit head or duty leader reaches the windows of their unit; staff acting for themselves reach only the window
    /// they sit at (registered there, or on post there now); hall-wide callers and machines every window.
    /// </summary>
    public async Task RequireWindowAsync(ClaimsPrincipal caller, string windowId, CancellationToken cancellationToken)
    {
        if (caller.IsUnitScoped())
        {
            await RequireUnitOfAsync(caller, db.Windows.AsNoTracking().Where(w => w.WindowId == windowId).Select(w => w.UnitId),
                $"window '{windowId}'", cancellationToken);
            return;
        }
        if (caller.IsHallWide() || !caller.IsInRole(Roles.Staff))
            return;
        var staffId = caller.Subject();
        var atWindow = await db.Staff.AsNoTracking().AnyAsync(s => s.StaffId == staffId && s.WindowId == windowId, cancellationToken)
                       || await db.Posts.AsNoTracking().AnyAsync(p => p.StaffId == staffId && p.WindowId == windowId, cancellationToken);
        if (!atWindow)
            throw new NotPermittedException($"Staff act only at the window they sit at; window '{windowId}' is not theirs.");
    }

    public Task RequireLeaveUnitAsync(ClaimsPrincipal caller, string leaveId, CancellationToken cancellationToken) =>
        RequireUnitOfAsync(caller, db.Leaves.AsNoTracking().Where(l => l.LeaveId == leaveId)
            .Join(db.Staff, l => l.StaffId, s => s.StaffId, (_, s) => s.UnitId), $"leave '{leaveId}'", cancellationToken);

    public Task RequireClosureUnitAsync(ClaimsPrincipal caller, string closureId, CancellationToken cancellationToken) =>
        RequireUnitOfAsync(caller, db.Closures.AsNoTracking().Where(c => c.ClosureId == closureId)
            .Join(db.Windows, c => c.WindowId, w => w.WindowId, (_, w) => w.UnitId), $"window closure '{closureId}'",
            cancellationToken);

    public Task RequireOutingUnitAsync(ClaimsPrincipal caller, string outingId, CancellationToken cancellationToken) =>
        RequireUnitOfAsync(caller, db.Outings.AsNoTracking().Where(o => o.OutingId == outingId)
            .Join(db.Staff, o => o.StaffId, s => s.StaffId, (_, s) => s.UnitId), $"outing '{outingId}'", cancellationToken);

    /// <summary>
    /// A unit-scoped caller must be of the unit <paramref name="unitOf"/> finds (nothing found reads as another unit's);
    /// the query runs only for such a caller.
    /// </summary>
    private static async Task RequireUnitOfAsync(ClaimsPrincipal caller, IQueryable<string> unitOf, string subject,
        CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        caller.RequireUnit(await unitOf.FirstOrDefaultAsync(cancellationToken), subject);
    }

    /// <summary>
    /// A correction of a staff member of the caller's unit — or of any unit when the caller is the duty leader of the
    /// correction's day (R1.6: the day's duty leader keeps that day's record, also on the morning after).
    /// </summary>
    public async Task RequireCorrectionUnitAsync(ClaimsPrincipal caller, string correctionId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var found = await db.Corrections.AsNoTracking().Where(c => c.CorrectionId == correctionId)
            .Join(db.Staff, c => c.StaffId, s => s.StaffId, (c, s) => new { s.UnitId, c.WorkDate }).FirstOrDefaultAsync(cancellationToken);
        if (found is not null && await IsDutyLeaderOfAsync(caller, found.WorkDate, cancellationToken))
            return;
        caller.RequireUnit(found?.UnitId, $"correction '{correctionId}'");
    }

    /// <summary>A fact of a staff member of the caller's unit — or of any unit for the duty leader of the fact's day.</summary>
    public async Task RequireFactUnitAsync(ClaimsPrincipal caller, Guid factId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var found = await db.Facts.AsNoTracking().Where(f => f.FactId == factId)
            .Join(db.Staff, f => f.StaffId, s => s.StaffId, (f, s) => new { s.UnitId, f.WorkDate }).FirstOrDefaultAsync(cancellationToken);
        if (found is not null && await IsDutyLeaderOfAsync(caller, found.WorkDate, cancellationToken))
            return;
        caller.RequireUnit(found?.UnitId, $"attendance fact '{factId}'");
    }

    private async Task<bool> IsDutyLeaderOfAsync(ClaimsPrincipal caller, DateOnly date, CancellationToken cancellationToken)
    {
        var staffId = caller.Subject();
        return caller.IsInRole(Roles.DutyLeader) && staffId is not null &&
               await db.HallDuties.AsNoTracking().AnyAsync(d => d.Date == date && d.DutyLeaderStaffId == staffId, cancellationToken);
    }
}
