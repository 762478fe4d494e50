using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// The approved rulebook kept in memory (issue 16: every attendance fact loaded every rule version before). An approved
/// version never changes and none is ever deleted (A31: a new version is drafted and approved instead), so the number of
/// approved versions tells whether the rulebook changed — by this instance or another: one count a fact instead of
/// every version with its texts.
/// </summary>
public sealed class RulebookCache
{
    private volatile Kept? _kept;

    public async Task<Rulebook> GetAsync(DisciplineDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var approved = await db.RuleVersions.CountAsync(r => r.Status == RuleStatus.Approved, cancellationToken);
        if (_kept is { } kept && kept.Approved == approved)
            return kept.Rulebook;
        var versions = await db.RuleVersions.AsNoTracking().Where(r => r.Status == RuleStatus.Approved)
            .ToListAsync(cancellationToken);
        var rulebook = new Rulebook(versions);
        // Read after the count: a version approved in between is in the list, and the next fact counts again.
        _kept = new Kept(versions.Count == approved ? approved : -1, rulebook);
        return rulebook;
    }

    private sealed record Kept(int Approved, Rulebook Rulebook);
}
