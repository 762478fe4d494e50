using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>The service-item catalogue (九公开): versions are added, never changed.</summary>
public sealed class CatalogueDesk(CasesDbContext db)
{
    /// <summary>Publishes <paramref name="draft"/> as the item's next version; its Version is assigned here.</summary>
    public async Task<ServiceItemVersion> PublishAsync(ServiceItemVersion draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = draft.Problems();
        if (problems.Count > 0)
            throw new InvalidInputException(problems.Select(p => new FieldViolation(p.Field, p.Problem)).ToList());
        if (draft.BeyondOneWeek && string.IsNullOrWhiteSpace(draft.BeyondOneWeekReason))
        {
            throw new RuleRefusedException("R1.3b(四)", $"service-item/{draft.ItemId}",
                $"R1.3b(四) 一周办结: a committed limit of {draft.CommittedDays} working days is more than one week " +
                $"({ServiceItemVersion.OneWeekWorkingDays}); publish it with beyond_one_week_reason.");
        }
        for (var attempt = 0; ; attempt++)
        {
            var last = await db.ItemVersions.Where(i => i.ItemId == draft.ItemId)
                .MaxAsync(i => (int?)i.Version, cancellationToken) ?? 0;
            var version = Copy(draft, last + 1);
            db.ItemVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return version;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt < 3)
            {
                // Another version was published at the same moment: take the next number.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The latest version, or the one asked for (version &gt; 0).</summary>
    public async Task<ServiceItemVersion> GetAsync(string itemId, int version, CancellationToken cancellationToken)
    {
        var query = db.ItemVersions.AsNoTracking().Where(i => i.ItemId == itemId);
        var found = version > 0
            ? await query.FirstOrDefaultAsync(i => i.Version == version, cancellationToken)
            : await query.OrderByDescending(i => i.Version).FirstOrDefaultAsync(cancellationToken);
        return found ?? throw new NotFoundException("Service item", version > 0 ? $"{itemId} v{version}" : itemId);
    }

    public async Task<IReadOnlyList<ServiceItemVersion>> ListLatestAsync(CancellationToken cancellationToken)
    {
        var all = await db.ItemVersions.AsNoTracking().ToListAsync(cancellationToken);
        return all.GroupBy(i => i.ItemId).Select(g => g.MaxBy(i => i.Version)!)
            .OrderBy(i => i.ItemId, StringComparer.Ordinal).ToList();
    }

    private static ServiceItemVersion Copy(ServiceItemVersion d, int version) => new()
    {
        ItemId = d.ItemId, Version = version, Name = d.Name, ApprovingUnitId = d.ApprovingUnitId,
        ParallelUnitIds = d.ParallelUnitIds, Content = d.Content, ProcedureSteps = d.ProcedureSteps,
        LegalBasis = d.LegalBasis, Materials = d.Materials, CommittedDays = d.CommittedDays,
        StatutoryDays = d.StatutoryDays, ResultForm = d.ResultForm, FeeBasis = d.FeeBasis, FeeStandard = d.FeeStandard,
        BeyondOneWeekReason = d.BeyondOneWeekReason, PublishedBy = d.PublishedBy, PublishedAt = d.PublishedAt,
    };
}
