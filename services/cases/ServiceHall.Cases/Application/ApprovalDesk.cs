using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>
/// 并联审批 and the case's time limits: each unit decides on its own clock; the case is done when all approve and
/// rejected when one rejects; a rejected unit's part sent back for rework keeps the others' decisions. One extension
/// of the limit, with a reason, never past the statutory limit. 全程代办: an agent carries the case.
/// </summary>
public sealed class ApprovalDesk(CasesDbContext db, WorkCalendar calendar, IOptions<HallOptions> hall, TimeProvider time)
{
    public Task<CaseFile> DecideAsync(string caseId, string unitId, bool approve, string reason, string decidedBy,
        CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, branches, now) =>
        {
            if (file.Status != CaseStatus.InApproval)
                throw Refused(file, $"Case '{caseId}' is {file.Status}; units decide only while it is in approval.");
            var branch = branches.FirstOrDefault(b => b.UnitId == unitId)
                         ?? throw new NotFoundException("Approval of unit", $"{unitId} for case {caseId}");
            if (branch.Status != BranchStatus.Pending)
                throw Refused(file, $"Unit '{unitId}' has decided case '{caseId}' already ({branch.Status}).");
            var clock = branch.Clock.Load();
            (branch.Status, branch.Reason, branch.DecidedBy, branch.DecidedAt) =
                (approve ? BranchStatus.Approved : BranchStatus.Rejected, reason, decidedBy, now);
            if (approve)
                clock.Stop(now);
            else if (!clock.IsSuspended)
                clock.Suspend(now, "rejected"); // until rework, if it comes
            branch.Clock = branch.Clock.Keep(clock);

            var caseClock = file.Clock.Load();
            if (!approve)
            {
                file.Status = CaseStatus.Rejected;
                file.DecidedAt = now;
                if (!caseClock.IsSuspended)
                    caseClock.Suspend(now, "rejected");
                db.AddEvent(new CaseRejected(Guid.CreateVersion7(now), now, hall.Value.HallId, file.CaseId,
                    file.CaseNumber!, file.ItemId, unitId, file.ResponsibleStaffId), now);
            }
            else if (branches.All(b => b.Status == BranchStatus.Approved))
            {
                file.Status = CaseStatus.Completed;
                file.DecidedAt = now;
                caseClock.Stop(now);
                var overdue = now > caseClock.DueAt(calendar, now);
                db.AddEvent(new CaseCompleted(Guid.CreateVersion7(now), now, hall.Value.HallId, file.CaseId,
                    file.CaseNumber!, file.ItemId, file.ResponsibleStaffId, file.AgentStaffId,
                    (int)caseClock.Elapsed(calendar, now).TotalMinutes, overdue, file.TicketId), now);
            }
            file.Clock = file.Clock.Keep(caseClock);
            await Task.CompletedTask;
        }, cancellationToken);

    public Task<CaseFile> ReworkAsync(string caseId, string unitId, string reason, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, branches, now) =>
        {
            var branch = branches.FirstOrDefault(b => b.UnitId == unitId)
                         ?? throw new NotFoundException("Approval of unit", $"{unitId} for case {caseId}");
            if (file.Status != CaseStatus.Rejected || branch.Status != BranchStatus.Rejected)
                throw Refused(file, $"Only a rejected unit's part of a rejected case goes back for rework; unit '{unitId}' is {branch.Status}.");
            var clock = branch.Clock.Load();
            if (clock.IsSuspended)
                clock.Resume(now);
            (branch.Status, branch.Reason, branch.DecidedBy, branch.DecidedAt) = (BranchStatus.Pending, reason, null, null);
            branch.Reworks++;
            branch.ReworkBy = actor;
            branch.Clock = branch.Clock.Keep(clock);
            branch.DueAt = clock.DueAt(calendar, now);
            var caseClock = file.Clock.Load();
            if (caseClock.IsSuspended)
                caseClock.Resume(now);
            file.Clock = file.Clock.Keep(caseClock);
            file.DueAt = caseClock.DueAt(calendar, now);
            file.Status = CaseStatus.InApproval;
            file.DecidedAt = null;
            await Task.CompletedTask;
        }, cancellationToken);

    /// <summary>延期: the case's limit and every undecided unit's, once, with a reason.</summary>
    public Task<CaseFile> ExtendAsync(string caseId, int days, string reason, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, branches, now) =>
        {
            if (file.Status != CaseStatus.InApproval)
                throw Refused(file, $"Case '{caseId}' is {file.Status}; only a case in approval is extended.");
            var clock = file.Clock.Load();
            try
            {
                clock.Extend(days, reason, file.StatutoryDays);
            }
            catch (CaseRuleException e)
            {
                throw new RuleRefusedException(e.Message, [(e.Rule, $"case/{caseId}", e.Message)]);
            }
            file.Clock = file.Clock.Keep(clock);
            file.DueAt = clock.DueAt(calendar, now);
            file.ExtendedBy = actor;
            foreach (var branch in branches.Where(b => b.Status == BranchStatus.Pending))
            {
                var own = branch.Clock.Load();
                if (own.ExtensionDays == 0)
                    own.Extend(days, reason, file.StatutoryDays);
                branch.Clock = branch.Clock.Keep(own);
                branch.DueAt = own.DueAt(calendar, now);
            }
            await Task.CompletedTask;
        }, cancellationToken);

    public Task<CaseFile> AssignAgentAsync(string caseId, string agentStaffId, string assignedBy,
        CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, _, _) =>
        {
            if (file.Status is CaseStatus.Completed or CaseStatus.Rejected)
                throw Refused(file, $"Case '{caseId}' is {file.Status}; an agent is assigned to a case still running.");
            (file.AgentStaffId, file.AgentAssignedBy) = (agentStaffId, assignedBy);
            await Task.CompletedTask;
        }, cancellationToken);

    private async Task<CaseFile> ChangeAsync(string caseId,
        Func<CaseFile, List<ApprovalBranch>, DateTimeOffset, Task> change, CancellationToken cancellationToken)
    {
        var file = await db.Cases.FirstOrDefaultAsync(c => c.CaseId == caseId, cancellationToken)
                   ?? throw new NotFoundException("Case", caseId);
        var branches = await db.Branches.Where(b => b.CaseId == caseId).ToListAsync(cancellationToken);
        // A later step of the case: its own trace, linked to the visit's, with the case number.
        using var span = VisitTrace.LinkTo(file.TraceParent, "case decision");
        span?.SetTag("servicehall.case_number", file.CaseNumber);
        await change(file, branches, time.GetUtcNow());
        file.Revision++;
        await db.SaveRevisedAsync("Case", caseId, cancellationToken);
        return file;
    }

    private static RuleRefusedException Refused(CaseFile file, string message) =>
        new RuleRefusedException(message, [("R1.3b(四)", $"case/{file.CaseId}", message)]);
}
