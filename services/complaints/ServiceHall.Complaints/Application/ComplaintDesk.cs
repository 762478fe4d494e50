using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.Contracts.Complaints;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Complaints.Application;

/// <summary>A complaint as submitted (plain text; encrypted before it is stored).</summary>
public sealed record ComplaintSubmission(
    string RequestId, Channel Channel, ComplaintCategory Category, string? Name, string? Phone, string? WindowId,
    string? StaffId, string? CaseId, string Content, string SourceId, string SubmittedBy);

/// <summary>
/// 投诉 (A22-A25): received → investigating → verified | unfounded → resolved with a reply, on a deadline in working
/// days; a verified complaint is an event for discipline; an overdue one goes up to the unit head, then the bureau
/// leader, each once.
/// </summary>
public sealed class ComplaintDesk(
    ComplaintsDbContext db, SubmissionLimit limit, PersonalDataProtector protector, WorkCalendar calendar,
    IOptions<ComplaintsOptions> options, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task<ComplaintFile> SubmitAsync(ComplaintSubmission s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s);
        // The request id is the caller's: another caller's id, or other details, is ALREADY_EXISTS (never their
        // complaint, decrypted).
        var once = new CreateOnce<ComplaintFile>("Complaint request", s.RequestId, c => c.RequestId == s.RequestId,
            c => c.SubmittedBy == s.SubmittedBy && c.Channel == s.Channel && c.Category == s.Category &&
                 c.WindowId == s.WindowId && c.StaffId == s.StaffId && c.CaseId == s.CaseId);
        if (await once.FindAsync(db, cancellationToken) is { } again)
            return again;
        var anonymous = s.Name is null;
        if (anonymous)
            await limit.CheckAnonymousAsync(s.SourceId, cancellationToken);
        var now = time.GetUtcNow();
        var complaintId = Guid.CreateVersion7(now).ToString();
        var complaint = new ComplaintFile
        {
            ComplaintId = complaintId, RequestId = s.RequestId, Channel = s.Channel,
            Category = s.Category, Anonymous = anonymous,
            ComplainantNameProtected = s.Name is null ? null : protector.Protect(s.Name, SealedFields.Complaint(complaintId, nameof(ComplaintFile.ComplainantNameProtected))),
            ComplainantPhoneProtected = s.Phone is null ? null : protector.Protect(s.Phone, SealedFields.Complaint(complaintId, nameof(ComplaintFile.ComplainantPhoneProtected))),
            WindowId = s.WindowId, StaffId = s.StaffId, CaseId = s.CaseId,
            ContentProtected = protector.Protect(s.Content, SealedFields.Complaint(complaintId, nameof(ComplaintFile.ContentProtected))), SourceHash = s.SourceId.Length > 0 ? limit.HashOf(s.SourceId) : null,
            Status = ComplaintStatus.Received, ReceivedAt = now, SubmittedBy = s.SubmittedBy,
            DueAt = calendar.AddWorkingDays(now, options.Value.ResolveDays),
        };
        return await once.AddAsync(db, complaint, cancellationToken);
    }

    public Task<ComplaintFile> StartInvestigationAsync(string complaintId, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(complaintId, [ComplaintStatus.Received], "investigated",
            (c, _) => (c.Status, c.InvestigatedBy) = (ComplaintStatus.Investigating, actor), cancellationToken);

    public Task<ComplaintFile> AddEvidenceAsync(string complaintId, string note, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(complaintId, [ComplaintStatus.Investigating], "given evidence", (c, _) =>
        {
            c.EvidenceAddedBy = string.Join(',', [.. c.EvidenceAuthors(), actor]);
            c.EvidenceProtected = [.. c.EvidenceProtected, protector.Protect(note, SealedFields.Evidence(c.ComplaintId, c.EvidenceProtected.Count))];
        }, cancellationToken);

    public Task<ComplaintFile> DecideAsync(string complaintId, bool verified, string findings, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(complaintId, [ComplaintStatus.Investigating], "decided", (c, now) =>
        {
            (c.Status, c.Verified, c.FindingsProtected, c.DecidedAt, c.DecidedBy) =
                (verified ? ComplaintStatus.Verified : ComplaintStatus.Unfounded, verified, protector.Protect(findings, SealedFields.Complaint(c.ComplaintId, nameof(ComplaintFile.FindingsProtected))), now, actor);
            if (verified)
            {
                db.AddEvent(new ComplaintVerified(Guid.CreateVersion7(now), now, hall.Value.HallId, c.ComplaintId,
                    c.StaffId, c.WindowId, c.CaseId, c.Category.ToString()), now);
            }
        }, cancellationToken);

    public Task<ComplaintFile> ResolveAsync(string complaintId, string reply, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(complaintId, [ComplaintStatus.Verified, ComplaintStatus.Unfounded], "resolved", (c, now) =>
        {
            (c.Status, c.ReplyProtected, c.ResolvedAt, c.ResolvedBy) = (ComplaintStatus.Resolved, protector.Protect(reply, SealedFields.Complaint(c.ComplaintId, nameof(ComplaintFile.ReplyProtected))), now, actor);
            db.AddEvent(new ComplaintResolved(Guid.CreateVersion7(now), now, hall.Value.HallId, c.ComplaintId, c.StaffId,
                c.Category.ToString(), c.Verified == true, (int)calendar.WorkingTimeBetween(c.ReceivedAt, now).TotalMinutes,
                now > c.DueAt), now);
        }, cancellationToken);

    public async Task<ComplaintFile> GetAsync(string complaintId, CancellationToken cancellationToken) =>
        await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken)
        ?? throw new NotFoundException("Complaint", complaintId);

    /// <summary>Each escalation step reached by an unresolved overdue complaint fires once, in order.</summary>
    public async Task<int> EscalateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<string> ids;
        using (OpenTelemetry.SuppressInstrumentationScope.Begin()) // the minutely look that finds nothing is no trace
        {
            ids = await db.Complaints.AsNoTracking()
                .Where(c => c.Status != ComplaintStatus.Resolved && c.DueAt < now && c.EscalationLevel < 2)
                .Select(c => c.ComplaintId).ToListAsync(cancellationToken);
        }
        var fired = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var c = await db.Complaints.FirstAsync(x => x.ComplaintId == id, cancellationToken);
            var level = ComplaintEscalation.LevelAt(calendar, c.DueAt, options.Value.EscalationDays, now);
            if (level <= c.EscalationLevel)
                continue;
            using var span = ServiceHall.ServiceDefaults.ServiceHallTelemetry.Domain.StartActivity("escalate complaint");
            span?.SetTag("servicehall.complaint_id", id);
            for (var step = c.EscalationLevel + 1; step <= level; step++)
            {
                db.AddEvent(new ComplaintEscalated(Guid.CreateVersion7(now), now, hall.Value.HallId, c.ComplaintId,
                    c.StaffId, c.WindowId, ComplaintEscalation.Levels[step - 1], c.DueAt), now);
            }
            var added = level - c.EscalationLevel;
            c.EscalationLevel = level;
            c.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                fired += added;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile; the next run looks again.
            }
        }
        db.ChangeTracker.Clear();
        return fired;
    }

    private async Task<ComplaintFile> ChangeAsync(string complaintId, ComplaintStatus[] from, string what,
        Action<ComplaintFile, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var c = await db.Complaints.FirstOrDefaultAsync(x => x.ComplaintId == complaintId, cancellationToken)
                ?? throw new NotFoundException("Complaint", complaintId);
        if (!from.Contains(c.Status))
        {
            var message = $"Complaint '{complaintId}' is {c.Status}; it cannot be {what} (only when {string.Join(" or ", from)}).";
            throw new RuleRefusedException(message, [("A22", $"complaint/{complaintId}", message)]);
        }
        change(c, time.GetUtcNow());
        c.Revision++;
        await db.SaveRevisedAsync("Complaint", complaintId, cancellationToken);
        return c;
    }
}
