using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Contracts.Discipline;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Discipline.Application;

/// <summary>A26: award proposals for a period, confirmed by a person.</summary>
public sealed class AwardDesk(DisciplineDbContext db, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task<IReadOnlyList<AwardProposal>> ProposeAsync(DateOnly from, DateOnly to, int minimumReviews,
        double minimumRate, string actor, CancellationToken cancellationToken)
    {
        var reviews = await db.ReviewFacts.AsNoTracking().Where(r => r.Day >= from && r.Day <= to)
            .ToListAsync(cancellationToken);
        var (start, end) = (from.Year, to.Year);
        var blemished = (await db.Violations.AsNoTracking()
                .Where(v => v.WorkDate >= from && v.WorkDate <= to && v.WithdrawnAt == null)
                .Select(v => v.StaffId).ToListAsync(cancellationToken))
            .Concat(await db.ComplaintFindings.AsNoTracking().Where(c => c.Year >= start && c.Year <= end)
                .Select(c => c.StaffId).ToListAsync(cancellationToken))
            .Concat(await db.Sanctions.AsNoTracking()
                .Where(s => s.Year >= start && s.Year <= end && s.RevokedAt == null && !s.Proposed)
                .Select(s => s.StaffId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var existing = await db.AwardProposals.Where(p => p.From == from && p.To == to).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var (staffId, count, rate) in AwardRule.Qualifying(reviews, blemished, minimumReviews, minimumRate))
        {
            if (existing.Any(p => p.StaffId == staffId))
                continue;
            var proposal = new AwardProposal
            {
                ProposalId = Guid.CreateVersion7(now), StaffId = staffId, From = from, To = to, Reviews = count,
                SatisfactionRate = rate, ProposedAt = now, ProposedBy = actor,
            };
            db.AwardProposals.Add(proposal);
            existing.Add(proposal);
        }
        await db.SaveChangesAsync(cancellationToken);
        return existing.OrderBy(p => p.StaffId, StringComparer.Ordinal).ToList();
    }

    public async Task<AwardProposal> ConfirmAsync(Guid proposalId, string confirmedBy, CancellationToken cancellationToken)
    {
        var proposal = await db.AwardProposals.FirstOrDefaultAsync(p => p.ProposalId == proposalId, cancellationToken)
                       ?? throw new NotFoundException("Award proposal", proposalId.ToString());
        if (proposal.ConfirmedAt is not null)
            return proposal;
        var now = time.GetUtcNow();
        (proposal.ConfirmedBy, proposal.ConfirmedAt) = (confirmedBy, now);
        db.AddEvent(new AwardGranted(Guid.CreateVersion7(now), now, hall.Value.HallId, proposal.StaffId, proposal.From,
            proposal.To, proposal.ProposalId), now);
        await db.SaveChangesAsync(cancellationToken);
        return proposal;
    }
}
