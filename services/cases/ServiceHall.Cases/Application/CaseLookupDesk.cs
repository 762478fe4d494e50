using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>A clock as of a moment.</summary>
public sealed record ClockView(
    StoredClock Stored, bool Suspended, TimeSpan Elapsed, TimeSpan SuspendedTime, DateTimeOffset? DueAt,
    TimeSpan Remaining, bool Overdue);

/// <summary>A case as a caller sees it: the applicant masked unless they may see it.</summary>
public sealed record CaseView(
    CaseFile File, Applicant Applicant, bool Unmasked, IReadOnlyList<CaseNotice> Notices, ClockView Clock,
    DateTimeOffset? StatutoryDueAt, IReadOnlyList<(ApprovalBranch Branch, ClockView Clock)> Approvals);

/// <summary>Reads cases with their clocks as of now, and decides whether a caller sees the applicant's data.</summary>
public sealed class CaseLookupDesk(
    CasesDbContext db, PersonalDataProtector protector, WorkCalendar calendar, IOptions<CasesOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// A case as <c>subject</c> sees it. <c>unitScope</c> is the unit of a unit-scoped caller (a unit head): a role in
    /// <c>Cases:UnmaskedRoles</c> unmasks only their own unit's cases. Null for everyone else.
    /// </summary>
    public async Task<CaseView> GetAsync(string caseId, string? subject, Func<string, bool> isInRole,
        string? unitScope, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var file = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.CaseId == caseId, cancellationToken)
                   ?? throw new NotFoundException("Case", caseId);
        return await ViewAsync(file, subject, isInRole, unitScope, cancellationToken);
    }

    public async Task<IReadOnlyList<CaseView>> FindByIdNumberAsync(string idNumber, string? subject,
        Func<string, bool> isInRole, string? unitScope, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        // Under every key of the ring: cases not yet moved to the current key are found too.
        var lookups = protector.LookupHashes(idNumber);
        var files = await db.Cases.AsNoTracking().Where(c => lookups.Contains(c.ApplicantIdLookup))
            .OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.CaseId).Take(100).ToListAsync(cancellationToken);
        var views = new List<CaseView>();
        foreach (var file in files)
            views.Add(await ViewAsync(file, subject, isInRole, unitScope, cancellationToken));
        return views;
    }

    /// <summary>
    /// The case with its clocks; <c>rolesUnmask</c> says whether the caller's roles may unmask it (false: a unit head,
    /// another unit's case).
    /// </summary>
    public CaseView View(CaseFile file, IReadOnlyList<CaseNotice> notices, IReadOnlyList<ApprovalBranch> branches,
        string? subject, Func<string, bool> isInRole, bool rolesUnmask = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(isInRole);
        var now = time.GetUtcNow();
        var unmasked = subject is not null && (subject == file.ResponsibleStaffId || subject == file.AgentStaffId) ||
                       (rolesUnmask && options.Value.UnmaskedRoles.Any(isInRole));
        var name = protector.Unprotect(file.ApplicantNameProtected, SealedFields.ApplicantName(file.CaseId));
        var idNumber = protector.Unprotect(file.ApplicantIdNumberProtected, SealedFields.ApplicantIdNumber(file.CaseId));
        var phone = file.ApplicantPhoneProtected is { } p ? protector.Unprotect(p, SealedFields.ApplicantPhone(file.CaseId)) : null;
        var applicant = unmasked
            ? new Applicant(name, idNumber, phone)
            : new Applicant(Masking.Name(name), Masking.IdNumber(idNumber), phone is null ? null : Masking.Phone(phone));
        DateTimeOffset? statutory = file.Clock.Started
            ? calendar.AddWorkingDays(file.Clock.StartedAt!.Value, file.StatutoryDays)
            : null;
        return new CaseView(file, applicant, unmasked, notices, Clock(file.Clock, now), statutory,
            branches.Select(b => (b, Clock(b.Clock, now))).ToList());
    }

    private async Task<CaseView> ViewAsync(CaseFile file, string? subject, Func<string, bool> isInRole,
        string? unitScope, CancellationToken cancellationToken)
    {
        var rolesUnmask = unitScope is null || await db.ItemVersions.AsNoTracking()
            .AnyAsync(v => v.ItemId == file.ItemId && v.Version == file.ItemVersion && v.ApprovingUnitId == unitScope,
                cancellationToken);
        var notices = await db.Notices.AsNoTracking().Where(n => n.CaseId == file.CaseId).OrderBy(n => n.Sequence)
            .ToListAsync(cancellationToken);
        var branches = await db.Branches.AsNoTracking().Where(b => b.CaseId == file.CaseId).OrderBy(b => b.UnitId)
            .ToListAsync(cancellationToken);
        return View(file, notices, branches, subject, isInRole, rolesUnmask);
    }

    private ClockView Clock(StoredClock stored, DateTimeOffset now)
    {
        if (!stored.Started)
            return new ClockView(stored, false, TimeSpan.Zero, TimeSpan.Zero, null, TimeSpan.Zero, false);
        var clock = stored.Load();
        var due = clock.DueAt(calendar, now);
        return new ClockView(stored, clock.IsSuspended, clock.Elapsed(calendar, now), clock.Suspended(calendar, now),
            due, clock.Remaining(calendar, now), (clock.StoppedAt ?? now) > due);
    }
}
