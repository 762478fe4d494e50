using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceHall.Calendar;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// The rulebook as data (A31): a new version is drafted, and takes effect on its date only once a bureau leader
/// approves it; an effective date before the approval is refused, so no fact is judged again by a rule that did not
/// exist when it happened.
/// </summary>
public sealed class RulebookDesk(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time)
{
    public async Task<RuleVersion> DraftAsync(RuleVersion proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var ruleId = proposal.RuleId;
        for (var attempt = 0; ; attempt++)
        {
            var last = await db.RuleVersions.Where(r => r.RuleId == ruleId).MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
            var version = new RuleVersion
            {
                RuleId = ruleId, Version = last + 1, Title = proposal.Title, Article = proposal.Article,
                Mode = proposal.Mode, CountedKinds = proposal.CountedKinds, Details = proposal.Details,
                PerFactSanction = proposal.PerFactSanction, RequiresConfirmation = proposal.RequiresConfirmation,
                CriticismThreshold = proposal.CriticismThreshold, RevocationThreshold = proposal.RevocationThreshold,
                EffectiveFrom = proposal.EffectiveFrom, Status = RuleStatus.Draft, DraftedBy = proposal.DraftedBy,
                DraftedAt = time.GetUtcNow(),
            };
            db.RuleVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return version;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<RuleVersion> ApproveAsync(string ruleId, int version, string approver,
        CancellationToken cancellationToken)
    {
        var draft = await db.RuleVersions.FirstOrDefaultAsync(r => r.RuleId == ruleId && r.Version == version,
                        cancellationToken)
                    ?? throw new NotFoundException("Rule version", $"{ruleId}/v{version}");
        if (draft.Status == RuleStatus.Approved)
            return draft;
        var now = time.GetUtcNow();
        var today = calendar.DateOf(now);
        if (draft.EffectiveFrom < today)
        {
            var message = $"{draft.Citation} would take effect on {draft.EffectiveFrom:yyyy-MM-dd}, before its approval " +
                          $"today ({today:yyyy-MM-dd}); draft it again with a date from today (A31).";
            throw new RuleRefusedException(message, [("A31", $"rule/{draft.Citation}", message)]);
        }
        (draft.Status, draft.ApprovedBy, draft.ApprovedAt) = (RuleStatus.Approved, approver, now);
        await db.SaveChangesAsync(cancellationToken);
        return draft;
    }

    public async Task<IReadOnlyList<RuleVersion>> ListAsync(CancellationToken cancellationToken) =>
        await db.RuleVersions.AsNoTracking().OrderBy(r => r.RuleId).ThenBy(r => r.Version).ToListAsync(cancellationToken);
}

