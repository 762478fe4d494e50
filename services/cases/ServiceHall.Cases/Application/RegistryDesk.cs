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
