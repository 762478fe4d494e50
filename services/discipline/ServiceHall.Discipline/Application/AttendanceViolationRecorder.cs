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
public sealed class AttendanceViolationRecorder(
    DisciplineDbContext db, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task RecordAsync(Guid eventId, string staffId, ViolationKind kind, DateOnly workDate,
        DateTimeOffset occurredAt, int minutes, CancellationToken cancellationToken, string? detail = null,
        string? windowId = null)
    {
        var now = time.GetUtcNow();
        var weekStart = HallWeek.StartOf(workDate);
        await TouchStaffFileAsync(staffId, now, cancellationToken);
        db.Violations.Add(new AttendanceViolation
        {
            EventId = eventId, StaffId = staffId, Kind = kind, WorkDate = workDate, WeekStart = weekStart,
            OccurredAt = occurredAt, Minutes = minutes, RecordedAt = now, Detail = detail, WindowId = windowId,
        });
        await db.SaveChangesAsync(cancellationToken);

        await EvaluateWeekAsync(staffId, weekStart, now, cancellationToken);
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
        var rulebook = new Rulebook(await db.RuleVersions.AsNoTracking().ToListAsync(cancellationToken));
        var week = await db.Violations.AsNoTracking()
            .Where(v => v.StaffId == staffId && v.WeekStart == weekStart)
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
