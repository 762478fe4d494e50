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
    DisciplineDbContext db, WeeklyAttendanceRule rule, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task RecordAsync(Guid eventId, string staffId, ViolationKind kind, DateOnly workDate,
        DateTimeOffset occurredAt, int minutes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var weekStart = HallWeek.StartOf(workDate);
        await TouchStaffFileAsync(staffId, now, cancellationToken);
        db.Violations.Add(new AttendanceViolation
        {
            EventId = eventId, StaffId = staffId, Kind = kind, WorkDate = workDate, WeekStart = weekStart,
            OccurredAt = occurredAt, Minutes = minutes, RecordedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        using var activity = ServiceHallTelemetry.Domain.StartActivity("evaluate weekly attendance rule");
        activity?.SetTag("servicehall.staff_id", staffId);
        activity?.SetTag("servicehall.rule_version", rule.Version);
        var week = await db.Violations.AsNoTracking()
            .Where(v => v.StaffId == staffId && v.WeekStart == weekStart)
            .ToListAsync(cancellationToken);
        var issued = await db.Sanctions.AsNoTracking()
            .Where(s => s.StaffId == staffId)
            .Select(s => s.DedupKey)
            .ToListAsync(cancellationToken);
        var decisions = rule.Decide(staffId, weekStart, week, issued.ToHashSet(StringComparer.Ordinal));
        activity?.SetTag("servicehall.violations_in_week", week.Count);
        activity?.SetTag("servicehall.sanctions_issued", decisions.Count);

        foreach (var decision in decisions)
        {
            var sanction = new Sanction
            {
                SanctionId = Guid.CreateVersion7(now), StaffId = staffId, Kind = decision.Kind,
                RuleVersion = rule.Version, WeekStart = weekStart, Year = decision.Year,
                EvidenceEventIds = decision.Evidence, IssuedAt = now, DedupKey = decision.DedupKey,
            };
            db.Sanctions.Add(sanction);
            db.AddEvent(new SanctionIssued(Guid.CreateVersion7(now), now, hall.Value.HallId, sanction.SanctionId,
                staffId, SanctionKindName(sanction.Kind), sanction.RuleVersion, weekStart, decision.Evidence), now);
            if (decision.Kind == SanctionKind.AwardEligibilityRevoked)
            {
                db.AddEvent(new AwardEligibilityRevoked(Guid.CreateVersion7(now), now, hall.Value.HallId, staffId,
                    decision.Year, sanction.SanctionId), now);
            }
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
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
