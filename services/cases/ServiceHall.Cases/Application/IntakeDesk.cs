using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>An applicant's personal data as given (plain; it is encrypted before it is stored).</summary>
public sealed record Applicant(string Name, string IdNumber, string? Phone);

/// <summary>An application handed in at a window, by mail or online.</summary>
public sealed record Application(
    string RequestId, string ItemId, string? TicketId, string StaffId, Applicant Applicant,
    IReadOnlyList<string> SubmittedMaterialIds, bool CheckLater, string SubmittedBy);

/// <summary>
/// 受理 and 一次性告知 (R1.3b(一), Administrative Licensing Law art. 32): receives applications, checks their materials
/// against the item version's list, accepts complete ones with a case number and a clock per deciding unit, and issues
/// notices of missing materials — the first listing all of them, later ones held to the one-time rule.
/// </summary>
public sealed class IntakeDesk(
    CasesDbContext db, CatalogueDesk catalogue, PersonalDataProtector protector, WorkCalendar calendar,
    IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task<CaseFile> ReceiveAsync(Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        // The request id is the caller's: another caller's id, or other details, is ALREADY_EXISTS.
        var once = new CreateOnce<CaseFile>("Application request", application.RequestId,
            c => c.RequestId == application.RequestId,
            c => c.SubmittedBy == application.SubmittedBy && c.ItemId == application.ItemId &&
                 c.ReceivedBy == application.StaffId && c.TicketId == application.TicketId);
        if (await once.FindAsync(db, cancellationToken) is { } again)
            return again;
        var item = await catalogue.GetAsync(application.ItemId, 0, cancellationToken);
        RequireListed(item, application.SubmittedMaterialIds, "submitted_material_ids");
        var responsible = application.StaffId;
        var visitTrace = VisitTrace.Current();
        if (application.TicketId is { } ticketId)
        {
            var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken)
                         ?? throw new NotFoundException("Ticket", ticketId);
            // 首问负责: the case follows the visit's first server, also after a transfer.
            responsible = ticket.FirstStaffId ?? application.StaffId;
            visitTrace = ticket.TraceParent ?? visitTrace;
        }
        using var span = VisitTrace.Continue(visitTrace, "application received");
        span?.SetTag("servicehall.item_id", item.ItemId);
        var now = time.GetUtcNow();
        var caseId = Guid.CreateVersion7(now).ToString();
        var file = new CaseFile
        {
            CaseId = caseId, RequestId = application.RequestId, ItemId = item.ItemId,
            ItemVersion = item.Version, TicketId = application.TicketId, ResponsibleStaffId = responsible,
            TraceParent = visitTrace, SubmittedBy = application.SubmittedBy,
            ReceivedBy = application.StaffId, ReceivedAt = now, Status = CaseStatus.Received,
            ApplicantNameProtected = protector.Protect(application.Applicant.Name, SealedFields.ApplicantName(caseId)),
            ApplicantIdNumberProtected = protector.Protect(application.Applicant.IdNumber, SealedFields.ApplicantIdNumber(caseId)),
            ApplicantPhoneProtected = application.Applicant.Phone is { } phone ? protector.Protect(phone, SealedFields.ApplicantPhone(caseId)) : null,
            ApplicantIdLookup = protector.LookupHash(application.Applicant.IdNumber),
            SubmittedMaterialIds = application.SubmittedMaterialIds.Distinct(StringComparer.Ordinal).ToList(),
            CommittedDays = item.CommittedDays, StatutoryDays = item.StatutoryDays,
        };
        db.Cases.Add(file);
        if (!application.CheckLater)
            await FirstCheckAsync(file, item, application.StaffId, now, cancellationToken);
        return await once.AddAsync(db, file, cancellationToken);
    }

    /// <summary>The first check of an application received unchecked.</summary>
    public Task<CaseFile> CheckAsync(string caseId, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, now) =>
        {
            if (file.Status != CaseStatus.Received)
                throw Refused(file, $"Case '{caseId}' was checked already ({file.Status}).");
            var item = await catalogue.GetAsync(file.ItemId, file.ItemVersion, cancellationToken);
            await FirstCheckAsync(file, item, staffId, now, cancellationToken);
        }, cancellationToken);

    /// <summary>补正: the applicant hands in materials; complete → accepted, or a suspended clock runs again.</summary>
    public Task<CaseFile> SupplementAsync(string caseId, IReadOnlyList<string> materialIds, string staffId,
        CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, now) =>
        {
            var item = await catalogue.GetAsync(file.ItemId, file.ItemVersion, cancellationToken);
            RequireListed(item, materialIds, "material_ids");
            file.SubmittedMaterialIds = file.SubmittedMaterialIds.Union(materialIds, StringComparer.Ordinal).ToList();
            if (file.Status == CaseStatus.NoticeIssued &&
                OneTimeNoticeRule.Check(RequiredMaterials(file), file.SubmittedMaterialIds).Complete)
            {
                await AcceptAsync(file, item, now, deemed: false, cancellationToken);
            }
            else if (file.Status == CaseStatus.InApproval)
            {
                await ResumeClocksAsync(file, now, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>
    /// A later notice (补正告知). Asking for a material the item required at the first check but no notice named is
    /// refused unless <paramref name="overrideReason"/> is given; the override publishes OneTimeNoticeViolated.
    /// After acceptance the notice suspends the clocks until the materials come.
    /// </summary>
    public Task<CaseFile> IssueNoticeAsync(string caseId, IReadOnlyList<string> materialIds, string? reason,
        string? overrideReason, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, async (file, now) =>
        {
            if (file.RequiredAtFirstCheck is null)
                throw Refused(file, $"Case '{caseId}' has not had its first check; check it first (CheckApplication).");
            if (file.Status is CaseStatus.Completed or CaseStatus.Rejected)
                throw Refused(file, $"Case '{caseId}' is {file.Status}; no notice can be issued.");
            RequireListed(await catalogue.GetAsync(file.ItemId, file.ItemVersion, cancellationToken), materialIds, "material_ids");
            var earlier = await db.Notices.Where(n => n.CaseId == caseId).ToListAsync(cancellationToken);
            var check = OneTimeNoticeRule.CheckLater(file.RequiredAtFirstCheck,
                earlier.SelectMany(n => n.MaterialIds), materialIds);
            if (!check.Allowed && string.IsNullOrWhiteSpace(overrideReason))
            {
                throw new RuleRefusedException(
                    $"One-time notification (R1.3b(一)): {string.Join(", ", check.Violations)} was required at the first " +
                    "check and should have been in the first notice. Give override_reason to issue it anyway; it is reported.",
                    check.Violations.Select(v => ("R1.3b(一)", $"case/{caseId}/material/{v}", "required at the first check, not notified")));
            }
            var notice = new CaseNotice
            {
                CaseId = caseId, Sequence = earlier.Count + 1, IssuedAt = now, IssuedBy = staffId,
                MaterialIds = materialIds.Distinct(StringComparer.Ordinal).ToList(), Reason = reason,
                OverrideReason = check.Allowed ? null : overrideReason, Violations = check.Violations,
            };
            db.Notices.Add(notice);
            db.AddEvent(new CaseNoticeIssued(Guid.CreateVersion7(now), now, hall.Value.HallId, caseId, file.ItemId,
                notice.Sequence, notice.MaterialIds.Count, staffId, file.ResponsibleStaffId), now);
            if (!check.Allowed)
            {
                db.AddEvent(new OneTimeNoticeViolated(Guid.CreateVersion7(now), now, hall.Value.HallId, caseId,
                    file.ItemId, notice.Sequence, check.Violations, staffId, file.ResponsibleStaffId), now);
            }
            // Only materials still to come need the applicant; ones already handed in are asked again.
            file.SubmittedMaterialIds = file.SubmittedMaterialIds.Except(notice.MaterialIds, StringComparer.Ordinal).ToList();
            if (file.Status == CaseStatus.InApproval)
                await SuspendClocksAsync(file, now, "补正: " + (reason ?? "materials requested"), cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<CaseNotice>> NoticesAsync(string caseId, CancellationToken cancellationToken) =>
        await db.Notices.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.Sequence)
            .ToListAsync(cancellationToken);

    /// <summary>Art. 32: accepts on receipt an application left unchecked for 5 working days after receipt.</summary>
    public async Task<int> DeemAcceptedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<string> ids;
        using (OpenTelemetry.SuppressInstrumentationScope.Begin()) // the minutely look that finds nothing is no trace
        {
            ids = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Received && c.ReceivedAt < now)
                .OrderBy(c => c.ReceivedAt).ThenBy(c => c.CaseId).Take(500).Select(c => c.CaseId).ToListAsync(cancellationToken);
        }
        var accepted = 0;
        foreach (var caseId in ids)
        {
            db.ChangeTracker.Clear();
            var file = await db.Cases.FirstAsync(c => c.CaseId == caseId, cancellationToken);
            if (calendar.AddWorkingDays(file.ReceivedAt, 5) >= now)
                continue;
            var item = await catalogue.GetAsync(file.ItemId, file.ItemVersion, cancellationToken);
            file.RequiredAtFirstCheck = item.Materials.Select(m => m.MaterialId).ToList();
            file.FirstCheckedAt = now;
            await AcceptAsync(file, item, file.ReceivedAt, deemed: true, cancellationToken);
            file.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                accepted++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Checked at that very moment by a window: theirs stands.
            }
        }
        db.ChangeTracker.Clear();
        return accepted;
    }

    private async Task FirstCheckAsync(CaseFile file, ServiceItemVersion item, string staffId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        file.RequiredAtFirstCheck = item.Materials.Select(m => m.MaterialId).ToList();
        file.FirstCheckedAt = now;
        var check = OneTimeNoticeRule.Check(item.Materials, file.SubmittedMaterialIds);
        if (check.Complete)
        {
            await AcceptAsync(file, item, now, deemed: false, cancellationToken);
            return;
        }
        // 一次性告知: every missing material, at once.
        file.Status = CaseStatus.NoticeIssued;
        db.Notices.Add(new CaseNotice
        {
            CaseId = file.CaseId, Sequence = 1, IssuedAt = now, IssuedBy = staffId, MaterialIds = check.Missing,
        });
        db.AddEvent(new CaseNoticeIssued(Guid.CreateVersion7(now), now, hall.Value.HallId, file.CaseId, file.ItemId, 1,
            check.Missing.Count, staffId, file.ResponsibleStaffId), now);
    }

    private async Task AcceptAsync(CaseFile file, ServiceItemVersion item, DateTimeOffset acceptedAt, bool deemed,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        file.CaseNumber = await NextCaseNumberAsync(calendar.DateOf(acceptedAt), cancellationToken);
        file.AcceptedAt = acceptedAt;
        file.DeemedAccepted = deemed;
        file.Status = CaseStatus.InApproval;
        file.Clock = StoredClock.Start(acceptedAt, file.CommittedDays);
        file.DueAt = file.Clock.Load().DueAt(calendar, now);
        foreach (var unit in new[] { item.ApprovingUnitId }.Concat(item.ParallelUnitIds).Distinct(StringComparer.Ordinal))
        {
            var clock = StoredClock.Start(acceptedAt, file.CommittedDays);
            db.Branches.Add(new ApprovalBranch
            {
                CaseId = file.CaseId, UnitId = unit, Status = BranchStatus.Pending, Clock = clock,
                DueAt = clock.Load().DueAt(calendar, now),
            });
        }
        db.AddEvent(new CaseAccepted(Guid.CreateVersion7(now), now, hall.Value.HallId, file.CaseId, file.CaseNumber,
            file.ItemId, file.ItemVersion, file.ResponsibleStaffId, file.TicketId, acceptedAt, file.DueAt.Value, deemed), now);
    }

    private async Task SuspendClocksAsync(CaseFile file, DateTimeOffset now, string reason, CancellationToken cancellationToken)
    {
        file.Clock = Suspend(file.Clock, now, reason);
        foreach (var branch in await db.Branches.Where(b => b.CaseId == file.CaseId && b.Status == BranchStatus.Pending)
                     .ToListAsync(cancellationToken))
        {
            branch.Clock = Suspend(branch.Clock, now, reason);
        }
    }

    private async Task ResumeClocksAsync(CaseFile file, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (file.Clock, file.DueAt) = Resume(file.Clock, now);
        foreach (var branch in await db.Branches.Where(b => b.CaseId == file.CaseId && b.Status == BranchStatus.Pending)
                     .ToListAsync(cancellationToken))
        {
            (branch.Clock, branch.DueAt) = Resume(branch.Clock, now);
        }
    }

    private static StoredClock Suspend(StoredClock stored, DateTimeOffset now, string reason)
    {
        var clock = stored.Load();
        if (!clock.IsSuspended)
            clock.Suspend(now, reason);
        return stored.Keep(clock);
    }

    private (StoredClock, DateTimeOffset) Resume(StoredClock stored, DateTimeOffset now)
    {
        var clock = stored.Load();
        if (clock.IsSuspended)
            clock.Resume(now);
        return (stored.Keep(clock), clock.DueAt(calendar, now));
    }

    /// <summary>Materials handed in or asked for are ones the case's item version lists (INVALID_ARGUMENT otherwise).</summary>
    private static void RequireListed(ServiceItemVersion item, IEnumerable<string> materialIds, string field)
    {
        var listed = item.Materials.Select(m => m.MaterialId).ToHashSet(StringComparer.Ordinal);
        var unknown = materialIds.Where(id => !listed.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException(field,
                $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} is not a material of item '{item.ItemId}' v{item.Version} " +
                $"(it lists {string.Join(", ", listed.Order(StringComparer.Ordinal))})");
        }
    }

    private static IEnumerable<Domain.Material> RequiredMaterials(CaseFile file) =>
        (file.RequiredAtFirstCheck ?? []).Select(id => new Domain.Material(id, id));

    private async Task<string> NextCaseNumberAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var key = "C" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO ticket_counters ("DayKey", "Last") VALUES ({key}, 1)
            ON CONFLICT ("DayKey") DO UPDATE SET "Last" = ticket_counters."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(cancellationToken);
        return $"SH{day:yyyyMMdd}-{numbers[0]:0000}";
    }

    private async Task<CaseFile> ChangeAsync(string caseId, Func<CaseFile, DateTimeOffset, Task> change,
        CancellationToken cancellationToken)
    {
        var file = await db.Cases.FirstOrDefaultAsync(c => c.CaseId == caseId, cancellationToken)
                   ?? throw new NotFoundException("Case", caseId);
        // Intake is part of the visit: its steps join the visit's trace.
        using var span = VisitTrace.Continue(file.TraceParent, "case intake");
        span?.SetTag("servicehall.case_id", file.CaseId);
        await change(file, time.GetUtcNow());
        span?.SetTag("servicehall.case_number", file.CaseNumber);
        file.Revision++;
        await db.SaveRevisedAsync("Case", caseId, cancellationToken);
        return file;
    }

    private static RuleRefusedException Refused(CaseFile file, string message) =>
        new RuleRefusedException(message, [("R1.3b(一)", $"case/{file.CaseId}", message)]);
}
