using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Contracts.Discipline;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// 申诉: a staff member appeals a sanction; an upheld appeal revokes it (SanctionRevoked) and, where it was the loss of
/// the year's award eligibility, eligibility comes back.
/// </summary>
public sealed class SanctionDesk(
    DisciplineDbContext db, ViolationDesk recorder, RulebookCache rulebooks, IOptions<HallOptions> hall, TimeProvider time)
{
    /// <summary>A27 "可给予", A28: a person confirms a proposed sanction; only then is it issued.</summary>
    public async Task<Sanction> ConfirmAsync(Guid sanctionId, string confirmedBy, CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (!sanction.Proposed || sanction.RevokedAt is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' is no open proposal: it was issued, declined or revoked.");
        var now = time.GetUtcNow();
        (sanction.Proposed, sanction.ConfirmedBy, sanction.ConfirmedAt) = (false, confirmedBy, now);
        recorder.Announce(sanction, now);
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    /// <summary>A person declines a proposal: it is never issued, and shows as revoked with the reason.</summary>
    public async Task<Sanction> DeclineAsync(Guid sanctionId, string reason, string declinedBy,
        CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (!sanction.Proposed || sanction.RevokedAt is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' is no open proposal.");
        sanction.RevokedAt = time.GetUtcNow();
        sanction.RevocationReason = $"proposal declined by {declinedBy}: {reason}";
        sanction.DedupKey = $"{sanction.DedupKey}:declined:{sanction.SanctionId:N}";
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    /// <summary>
    /// A27/A28 by hand: a person issues a sanction citing an approved rule version and the facts it rests on, each a
    /// standing fact of that staff member. The same sanction id again answers as the first time.
    /// </summary>
    public async Task<Sanction> IssueAsync(Guid sanctionId, string staffId, SanctionKind kind, string ruleVersion,
        IReadOnlyList<Guid> evidence, string reason, string issuedBy, CancellationToken cancellationToken)
    {
        var once = new CreateOnce<Sanction>("Sanction", sanctionId.ToString(), s => s.SanctionId == sanctionId,
            s => s.StaffId == staffId && s.Kind == kind && s.RuleVersion == ruleVersion);
        if (await once.FindAsync(db, cancellationToken) is { } existing)
            return existing;
        var rulebook = await rulebooks.GetAsync(db, cancellationToken);
        if (rulebook.Version(ruleVersion) is null)
            throw new NotFoundException("Approved rule version", ruleVersion);
        var facts = await db.Violations.AsNoTracking()
            .Where(v => evidence.Contains(v.EventId) && v.StaffId == staffId && v.WithdrawnAt == null)
            .ToListAsync(cancellationToken);
        var unknown = evidence.Where(id => facts.All(f => f.EventId != id)).ToList();
        if (unknown.Count > 0)
        {
            var message = $"Evidence {string.Join(", ", unknown)} is no standing fact of staff member '{staffId}'.";
            throw new RuleRefusedException(message,
                unknown.Select(id => (ruleVersion, $"fact/{id}", "not a standing fact of this staff member")));
        }
        var now = time.GetUtcNow();
        var day = facts.Max(f => f.WorkDate);
        var sanction = new Sanction
        {
            SanctionId = sanctionId, StaffId = staffId, Kind = kind, RuleVersion = ruleVersion,
            WeekStart = HallWeek.StartOf(day), Year = day.Year, EvidenceEventIds = evidence, IssuedAt = now,
            DedupKey = $"by-hand:{sanctionId:N}", ConfirmedBy = issuedBy, ConfirmedAt = now, IssueReason = reason,
        };
        db.Sanctions.Add(sanction);
        recorder.Announce(sanction, now);
        return await once.AddAsync(db, sanction, cancellationToken);
    }

    public async Task<Sanction> AppealAsync(Guid sanctionId, string reason, string filedBy,
        CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (sanction.AppealedAt is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' was appealed already.");
        (sanction.AppealReason, sanction.AppealedBy, sanction.AppealedAt, sanction.AppealUpheld) =
            (reason, filedBy, time.GetUtcNow(), false);
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    public async Task<Sanction> DecideAsync(Guid sanctionId, bool upheld, string reason, string decidedBy,
        CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (sanction.AppealedAt is null || sanction.AppealDecidedBy is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' has no appeal waiting for a decision.");
        // Segregation of duties: neither the sanctioned person nor whoever filed the appeal decides it.
        if (string.Equals(decidedBy, sanction.StaffId, StringComparison.Ordinal) ||
            string.Equals(decidedBy, sanction.AppealedBy, StringComparison.Ordinal))
        {
            throw new NotPermittedException(
                $"The appeal of sanction '{sanctionId}' is decided by someone other than the sanctioned person and its filer.");
        }
        var now = time.GetUtcNow();
        (sanction.AppealUpheld, sanction.AppealDecidedBy, sanction.AppealDecisionReason) = (upheld, decidedBy, reason);
        if (upheld)
        {
            (sanction.RevokedAt, sanction.RevocationReason) = (now, "appeal upheld");
            db.AddEvent(new SanctionRevoked(Guid.CreateVersion7(now), now, hall.Value.HallId, sanction.SanctionId,
                sanction.StaffId, ViolationDesk.SanctionKindName(sanction.Kind), sanction.RuleVersion,
                "appeal upheld"), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    public async Task<Sanction> FindAsync(Guid sanctionId, CancellationToken cancellationToken) =>
        await db.Sanctions.FirstOrDefaultAsync(s => s.SanctionId == sanctionId, cancellationToken)
        ?? throw new NotFoundException("Sanction", sanctionId.ToString());

    private static RuleRefusedException Refused(Sanction sanction, string message) =>
        new RuleRefusedException(message, [("A28", $"sanction/{sanction.SanctionId}", message)]);
}
