using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Data;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>
/// The cases service's copy of the staff registry, for whoever asks who a caller is (<see cref="IStaffRegistry"/>), and
/// the unit a case belongs to — the approving unit of its item — so that a unit head acts on their own unit's cases
/// and approval branches only. An unknown case reads to a unit head as another unit's (no probing of ids).
/// </summary>
public sealed class RegistryDesk(CasesDbContext db) : IStaffRegistry
{
    public Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken) =>
        db.FindStaffEntryAsync(staffId, cancellationToken);

    public Task<ClientEntry?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        db.FindClientEntryAsync(clientId, cancellationToken);

    /// <summary>The approving unit of the case's item, or null when there is no such case.</summary>
    public Task<string?> UnitOfCaseAsync(string caseId, CancellationToken cancellationToken) =>
        (from c in db.Cases.AsNoTracking()
         where c.CaseId == caseId
         join v in db.ItemVersions.AsNoTracking() on new { c.ItemId, Version = c.ItemVersion } equals new { v.ItemId, v.Version }
         select v.ApprovingUnitId).FirstOrDefaultAsync(cancellationToken);

    public async Task RequireCaseUnitAsync(ClaimsPrincipal caller, string caseId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        caller.RequireUnit(await UnitOfCaseAsync(caseId, cancellationToken), $"case '{caseId}'");
    }

    /// <summary>
    /// 全程代办: the agent is a registered staff member of the case's unit, and not the assigner (who would read the
    /// applicant's data unmasked through the case they gave themselves).
    /// </summary>
    /// <summary>A unit head or duty leader reads only their unit's people (an unknown id reads as another unit's).</summary>
    public async Task RequireStaffUnitAsync(ClaimsPrincipal caller, string staffId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var unit = await db.Staff.AsNoTracking().Where(s => s.StaffId == staffId).Select(s => s.UnitId)
            .FirstOrDefaultAsync(cancellationToken);
        caller.RequireUnit(unit, $"staff member '{staffId}'");
    }

    /// <summary>
    /// A staff member acting for themselves serves only at the window they sit at: the one the registry places them at,
    /// or another window of their unit they stand in at (R1.7: the substitute is of the same unit). A window that does
    /// not exist reads as another unit's (no probing). Hall-wide callers (the trusted system) pass.
    /// </summary>
    public async Task RequireStaffAtWindowAsync(ClaimsPrincipal caller, string? windowId, string subject,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsHallWide() || !caller.IsInRole(Roles.Staff))
            return;
        var staffId = caller.Subject() ?? "";
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
        if (staff is not null && windowId is not null)
        {
            if (string.Equals(staff.WindowId, windowId, StringComparison.Ordinal))
                return;
            var unit = await db.Windows.AsNoTracking().Where(w => w.WindowId == windowId).Select(w => w.UnitId)
                .FirstOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrEmpty(unit) && string.Equals(unit, staff.UnitId, StringComparison.Ordinal))
                return;
        }

        throw new NotPermittedException(staff is null
            ? $"'{staffId}' is not registered staff: staff serve at the window the staff registry places them at."
            : $"Staff serve at their own window ('{staff.WindowId}') or one of their unit ('{staff.UnitId}'); {subject} is not.");
    }

    /// <summary><see cref="RequireStaffAtWindowAsync"/> for the window a ticket is at (or was transferred to).</summary>
    public async Task RequireStaffAtTicketAsync(ClaimsPrincipal caller, string ticketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsHallWide() || !caller.IsInRole(Roles.Staff))
            return;
        var window = await db.Tickets.AsNoTracking().Where(t => t.TicketId == ticketId)
            .Select(t => t.WindowId ?? t.TransferredToWindowId).FirstOrDefaultAsync(cancellationToken);
        await RequireStaffAtWindowAsync(caller, window, $"ticket '{ticketId}'", cancellationToken);
    }

    public async Task RequireAgentAsync(string caseId, string agentStaffId, string? assigner,
        CancellationToken cancellationToken)
    {
        if (string.Equals(agentStaffId, assigner, StringComparison.Ordinal))
            throw new NotPermittedException("Nobody assigns a case to themselves; another person assigns the agent.");
        var unit = await UnitOfCaseAsync(caseId, cancellationToken) ?? throw new NotFoundException("Case", caseId);
        var agentUnit = await db.Staff.AsNoTracking().Where(s => s.StaffId == agentStaffId).Select(s => s.UnitId)
            .FirstOrDefaultAsync(cancellationToken);
        if (!string.Equals(agentUnit, unit, StringComparison.Ordinal))
        {
            throw new RuleRefusedException("agent", $"staff/{agentStaffId}", agentUnit is null
                ? $"'{agentStaffId}' is not registered staff; the agent is someone of the case's unit '{unit}'."
                : $"'{agentStaffId}' is of unit '{agentUnit}'; the agent is someone of the case's unit '{unit}'.");
        }
    }
}
