using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Contracts.Discipline;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// 巡查 (R1.4-R1.5): duty leaders' patrols and bureau leaders' checks with their findings. A finding that names a
/// staff member is a fact for the weekly rules, like a late arrival. Idempotent by inspection id.
/// </summary>
public sealed class InspectionDesk(
    DisciplineDbContext db, ViolationDesk recorder, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task<(Inspection Inspection, IReadOnlyList<InspectionFinding> Findings)> RecordAsync(
        Inspection inspection, IReadOnlyList<InspectionFinding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(findings);
        if (await db.Inspections.AsNoTracking().FirstOrDefaultAsync(i => i.InspectionId == inspection.InspectionId,
                cancellationToken) is { } again)
        {
            return (again, await FindingsAsync(again.InspectionId, cancellationToken));
        }
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
                db.Inspections.Add(inspection);
                db.InspectionFindings.AddRange(findings);
                db.AddEvent(new InspectionRecorded(Guid.CreateVersion7(now), now, hall.Value.HallId, inspection.InspectionId,
                    inspection.Kind.ToString(), inspection.InspectorId, findings.Count,
                    findings.Where(f => f.StaffId is not null).Select(f => f.StaffId!).Distinct().ToList()), now);
                await db.SaveChangesAsync(cancellationToken);
                foreach (var finding in findings.Where(f => f.StaffId is not null))
                {
                    await recorder.RecordAsync(finding.FindingId, finding.StaffId!, ViolationKind.InspectionFinding,
                        inspection.Day, inspection.InspectedAt, 0, cancellationToken, finding.Category.ToString(), finding.WindowId);
                    await db.SaveChangesAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException ex) when (attempt < 5 && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                // A fact of the same staff member was judged at the same moment (StaffFile revision, or the staff
                // file's first insert): judge again with it in view.
                db.ChangeTracker.Clear();
            }
        }
        return (inspection, InOrder(findings));
    }

    public async Task<IReadOnlyList<InspectionFinding>> FindingsAsync(string inspectionId, CancellationToken cancellationToken) =>
        InOrder(await db.InspectionFindings.AsNoTracking().Where(f => f.InspectionId == inspectionId)
            .ToListAsync(cancellationToken));

    /// <summary>One order for the first answer and every later read: category, staff, window, then the finding id.</summary>
    private static List<InspectionFinding> InOrder(IEnumerable<InspectionFinding> findings) =>
    [
        .. findings.OrderBy(f => f.Category).ThenBy(f => f.StaffId, StringComparer.Ordinal)
            .ThenBy(f => f.WindowId, StringComparer.Ordinal).ThenBy(f => f.FindingId.ToString(), StringComparer.Ordinal),
    ];
}
