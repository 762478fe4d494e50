using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Contracts.Discipline;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// Records an attendance violation and issues what the weekly rule (R1.8) says is due, with SanctionIssued and
/// AwardEligibilityRevoked in the outbox. Runs inside the consumer's inbox transaction.
/// </summary>
public sealed class ViolationDesk(
    DisciplineDbContext db, RulebookCache rulebooks, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task RecordAsync(Guid eventId, string staffId, ViolationKind kind, DateOnly workDate,
        DateTimeOffset occurredAt, int minutes, CancellationToken cancellationToken, string? detail = null,
        string? windowId = null)
    {
        var now = time.GetUtcNow();
        var weekStart = HallWeek.StartOf(workDate);
        await TouchStaffFileAsync(staffId, now, cancellationToken);
        // A withdrawal heard before its fact (redelivery may reorder): the fact is kept, withdrawn, and counts for nothing.
        var withdrawal = await db.FactWithdrawals.AsNoTracking()
            .FirstOrDefaultAsync(w => w.FactEventId == eventId, cancellationToken);
        db.Violations.Add(new Violation
        {
            EventId = eventId, StaffId = staffId, Kind = kind, WorkDate = workDate, WeekStart = weekStart,
            OccurredAt = occurredAt, Minutes = minutes, RecordedAt = now, Detail = detail, WindowId = windowId,
            WithdrawnAt = withdrawal?.WithdrawnAt, WithdrawnReason = withdrawal?.Reason,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (withdrawal is null)
            await EvaluateWeekAsync(staffId, weekStart, now, cancellationToken);
    }

    /// <summary>
    /// The source withdrew a fact (an approved correction, leave approved afterwards): it counts no more, and every
    /// sanction that rested on it is judged again — revoked (<see cref="SanctionRevoked"/>, with the reason) when its
    /// rule's threshold is no longer met by what remains, kept otherwise. Losing award eligibility is a matter of the
    /// year, so the year's other weeks are judged again too: another week may still cost it. Runs inside the
    /// consumer's inbox transaction, so a redelivered withdrawal changes nothing.
    /// </summary>
    public async Task WithdrawAsync(Guid factEventId, string staffId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await TouchStaffFileAsync(staffId, now, cancellationToken);
        if (!await db.FactWithdrawals.AnyAsync(w => w.FactEventId == factEventId, cancellationToken))
        {
            db.FactWithdrawals.Add(new FactWithdrawal
                { FactEventId = factEventId, StaffId = staffId, WithdrawnAt = now, Reason = reason });
        }
        var fact = await db.Violations.FirstOrDefaultAsync(v => v.EventId == factEventId, cancellationToken);
        if (fact is null || fact.WithdrawnAt is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        (fact.WithdrawnAt, fact.WithdrawnReason) = (now, reason);
        await db.SaveChangesAsync(cancellationToken);

        var rulebook = await rulebooks.GetAsync(db, cancellationToken);
        var (yearStart, yearEnd) = (new DateOnly(fact.WorkDate.Year, 1, 1), new DateOnly(fact.WorkDate.Year, 12, 31));
        var remaining = await db.Violations.AsNoTracking()
            .Where(v => v.StaffId == staffId && v.WorkDate >= yearStart && v.WorkDate <= yearEnd && v.WithdrawnAt == null)
            .ToListAsync(cancellationToken);
        var resting = (await db.Sanctions.Where(s => s.StaffId == staffId && s.RevokedAt == null)
                .ToListAsync(cancellationToken))
            .Where(s => s.EvidenceEventIds.Contains(factEventId)).ToList();
        var yearToJudge = false;
        foreach (var sanction in resting)
        {
            var version = rulebook.Version(sanction.RuleVersion);
            var counted = version is { Mode: RuleMode.WeeklyCount }
                ? remaining.Count(v => v.WeekStart == sanction.WeekStart && version.Selects(v))
                : 0;
            var threshold = version is null or { Mode: RuleMode.PerFact } ? 1
                : sanction.Kind == SanctionKind.AwardEligibilityRevoked ? version.RevocationThreshold
                : version.CriticismThreshold;
            if (counted >= threshold)
                continue;
            Revoke(sanction, $"fact {factEventId} withdrawn ({reason}): {counted} of {threshold} remain", now);
            yearToJudge |= sanction.Kind == SanctionKind.AwardEligibilityRevoked;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (!yearToJudge)
            return;
        foreach (var week in remaining.Select(v => v.WeekStart).Distinct().Order())
            await EvaluateWeekAsync(staffId, week, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Revokes a sanction whose ground fell away. Its dedup key is set aside, so the same sanction may be issued
    /// again if the threshold is met again later (unlike one revoked on appeal, which stays revoked).
    /// </summary>
    private void Revoke(Sanction sanction, string reason, DateTimeOffset now)
    {
        (sanction.RevokedAt, sanction.RevocationReason) = (now, reason);
        sanction.DedupKey = $"{sanction.DedupKey}:revoked:{sanction.SanctionId:N}";
        if (sanction.Proposed)
            return; // never issued: nothing to announce
        db.AddEvent(new SanctionRevoked(Guid.CreateVersion7(now), now, hall.Value.HallId, sanction.SanctionId,
            sanction.StaffId, SanctionKindName(sanction.Kind), sanction.RuleVersion, reason), now);
    }

    /// <summary>
    /// Judges every fact of the staff member's week by the rule version in force on its date (A31), counting the
    /// week's facts up to it: a version approved mid-week changes only the facts after its effective date, and a fact
    /// that arrives late is judged as of its own day. What was issued already is not issued again.
    /// </summary>
    private async Task EvaluateWeekAsync(string staffId, DateOnly weekStart, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        using var activity = ServiceHallTelemetry.Domain.StartActivity("evaluate weekly rules");
        activity?.SetTag("servicehall.staff_id", staffId);
        var rulebook = await rulebooks.GetAsync(db, cancellationToken);
        var week = await db.Violations.AsNoTracking()
            .Where(v => v.StaffId == staffId && v.WeekStart == weekStart && v.WithdrawnAt == null)
            .ToListAsync(cancellationToken);
        week = week.OrderBy(v => v.OccurredAt).ThenBy(v => v.EventId).ToList();
        var issued = (await db.Sanctions.AsNoTracking().Where(s => s.StaffId == staffId).Select(s => s.DedupKey)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        activity?.SetTag("servicehall.violations_in_week", week.Count);
        var sanctions = 0;
        foreach (var ruleId in rulebook.RuleIds)
        {
            for (var i = 0; i < week.Count; i++)
            {
                if (rulebook.InForce(ruleId, week[i].WorkDate) is not { } version || !version.Selects(week[i]))
                    continue;
                IEnumerable<SanctionDecision> due = version.Mode == RuleMode.PerFact
                    ? [version.PerFactDecision(staffId, week[i])]
                    : version.ToRule().Decide(staffId, weekStart,
                        week.Take(i + 1).Where(version.Selects).ToList(), issued);
                foreach (var decision in due.Where(d => !issued.Contains(d.DedupKey)))
                {
                    issued.Add(decision.DedupKey);
                    Issue(staffId, weekStart, version.Citation, decision, version.RequiresConfirmation, now);
                    sanctions++;
                }
            }
        }
        activity?.SetTag("servicehall.sanctions_issued", sanctions);
    }

    private void Issue(string staffId, DateOnly weekStart, string citation, SanctionDecision decision, bool proposal,
        DateTimeOffset now)
    {
        var sanction = new Sanction
        {
            SanctionId = Guid.CreateVersion7(now), StaffId = staffId, Kind = decision.Kind, RuleVersion = citation,
            WeekStart = weekStart, Year = decision.Year, EvidenceEventIds = decision.Evidence, IssuedAt = now,
            DedupKey = decision.DedupKey, Proposed = proposal,
        };
        db.Sanctions.Add(sanction);
        if (proposal)
            return; // A28: a person confirms it first (ConfirmSanction), then it is issued
        Announce(sanction, now);
    }

    /// <summary>SanctionIssued (and AwardEligibilityRevoked) for an issued or confirmed sanction.</summary>
    public void Announce(Sanction sanction, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sanction);
        var (staffId, weekStart) = (sanction.StaffId, sanction.WeekStart);
        var decision = new SanctionDecision(sanction.Kind, sanction.DedupKey, sanction.EvidenceEventIds, sanction.Year);
        db.AddEvent(new SanctionIssued(Guid.CreateVersion7(now), now, hall.Value.HallId, sanction.SanctionId,
            staffId, SanctionKindName(sanction.Kind), sanction.RuleVersion, weekStart, decision.Evidence), now);
        if (decision.Kind == SanctionKind.AwardEligibilityRevoked)
        {
            db.AddEvent(new AwardEligibilityRevoked(Guid.CreateVersion7(now), now, hall.Value.HallId, staffId,
                decision.Year, sanction.SanctionId), now);
        }
    }

    /// <summary>
    /// Serialises evaluation per staff member: the revision update (or the first insert) conflicts with a concurrent
    /// evaluation of the same staff member, which then fails and is retried by the bus with this fact in view.
    /// </summary>
    private async Task TouchStaffFileAsync(string staffId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = await db.StaffFiles.FirstOrDefaultAsync(f => f.StaffId == staffId, cancellationToken);
        if (file is null)
        {
            db.StaffFiles.Add(new StaffFile { StaffId = staffId, Revision = 1, UpdatedAt = now });
            return;
        }
        file.Revision++;
        file.UpdatedAt = now;
    }

    public static string SanctionKindName(SanctionKind kind) => kind switch
    {
        SanctionKind.CirculatedCriticism => "CIRCULATED_CRITICISM",
        SanctionKind.AwardEligibilityRevoked => "AWARD_ELIGIBILITY_REVOKED",
        SanctionKind.Criticism => "CRITICISM",
        SanctionKind.Demerit => "DEMERIT",
        SanctionKind.Demotion => "DEMOTION",
        SanctionKind.Dismissal => "DISMISSAL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
