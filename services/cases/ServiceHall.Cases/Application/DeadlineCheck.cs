using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Cases.Application;

/// <summary>
/// The escalation of time limits: for each running clock (the case's, and each unit's in parallel approval), every
/// step reached — two working days left, due, overdue — fires its event once, in order, also when the service was down
/// when it was reached. The step fired is kept with the clock in the same transaction as the event.
/// </summary>
public sealed class DeadlineCheck(CasesDbContext db, WorkCalendar calendar, IOptions<HallOptions> hall, TimeProvider time)
{
    /// <summary>Clocks due further away than this cannot have reached a step (holidays included).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(30);

    public async Task<int> EscalateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = now + Horizon;
        var fired = 0;
        using var quiet = SuppressInstrumentationScope.Begin(); // the minutely look that finds nothing is nobody's trace
        var ids = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.InApproval && c.DueAt < horizon)
            .Select(c => c.CaseId).ToListAsync(cancellationToken);
        foreach (var caseId in ids)
        {
            // Each case on its own, tracked afresh: what one case saves or skips never touches another.
            db.ChangeTracker.Clear();
            var file = await db.Cases.FirstAsync(c => c.CaseId == caseId, cancellationToken);
            var branches = await db.Branches.Where(b => b.CaseId == caseId).ToListAsync(cancellationToken);
            var events = new List<Contracts.IIntegrationEvent>();
            // The case's clock charges its one deciding unit; in parallel approval each unit's own clock charges it.
            file.Clock = Escalate(file, null, branches.Count == 1 ? branches[0].UnitId : null, file.Clock, now, events);
            if (branches.Count > 1)
            {
                foreach (var branch in branches.Where(b => b.Status == BranchStatus.Pending))
                    branch.Clock = Escalate(file, branch.UnitId, branch.UnitId, branch.Clock, now, events);
            }
            if (events.Count == 0)
                continue;
            // Escalating is worth a trace (its events continue it).
            using var traced = RestoreInstrumentation();
            using var activity = ServiceHallTelemetry.Domain.StartActivity("escalate case deadline");
            activity?.SetTag("servicehall.case_id", file.CaseId);
            foreach (var e in events)
                db.AddEvent(e, now);
            file.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                fired += events.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The case changed meanwhile; the next run looks again.
            }
        }
        db.ChangeTracker.Clear();
        return fired;
    }

    /// <summary>Instrumentation on again inside the quiet scan, for the work that is worth a trace.</summary>
    private static IDisposable RestoreInstrumentation() => SuppressInstrumentationScope.Begin(false);

    private StoredClock Escalate(CaseFile file, string? unitId, string? chargedUnitId, StoredClock stored,
        DateTimeOffset now, List<Contracts.IIntegrationEvent> events)
    {
        if (!stored.Started)
            return stored;
        var clock = stored.Load();
        var reached = clock.StepAt(calendar, now);
        var due = clock.DueAt(calendar, now);
        for (var step = stored.LastStep + 1; step <= reached; step++)
        {
            var id = Guid.CreateVersion7(now);
            events.Add(step == EscalationStep.Overdue
                ? new CaseOverdue(id, now, hall.Value.HallId, file.CaseId, file.CaseNumber!, file.ItemId, unitId, due,
                    file.ResponsibleStaffId, chargedUnitId)
                : new CaseDeadlineApproaching(id, now, hall.Value.HallId, file.CaseId, file.CaseNumber!, file.ItemId,
                    unitId, step == EscalationStep.TwoDaysLeft ? "two-days-left" : "due", due, file.ResponsibleStaffId));
        }
        return reached > stored.LastStep ? stored with { LastStep = reached } : stored;
    }
}
