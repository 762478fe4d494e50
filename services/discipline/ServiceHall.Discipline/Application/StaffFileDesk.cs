using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Discipline.Application;

/// <summary>A staff member's standing this week and year, as the award review reads it.</summary>
public sealed record Standing(string StaffId, int Year, bool AwardEligible, int ViolationsThisWeek, int VerifiedComplaints);

/// <summary>A staff member's file (档案) of one year: standing facts, sanctions, verified complaints.</summary>
public sealed record StaffFileView(
    string StaffId, int Year, IReadOnlyList<Violation> Facts, IReadOnlyList<Sanction> Sanctions, int VerifiedComplaints)
{
    public bool AwardEligible => !Sanctions.Any(s =>
        s.Kind == SanctionKind.AwardEligibilityRevoked && s.RevokedAt is null && !s.Proposed);
}

/// <summary>Reads of the discipline record: a person's sanctions, standing and file, each from one snapshot.</summary>
public sealed class StaffFileDesk(DisciplineDbContext db, IOptions<HallOptions> hall, TimeProvider time)
{
    /// <summary>Newest first; ties by kind, then id, so the order never depends on the database.</summary>
    /// <summary>A person's sanctions, newest first, a page at a time by position (a person has few).</summary>
    public async Task<(IReadOnlyList<Sanction> Rows, string? NextAfter)> ListSanctionsAsync(string staffId,
        PageRequest page, CancellationToken cancellationToken)
    {
        var sanctions = await db.Sanctions.AsNoTracking().Where(s => s.StaffId == staffId)
            .ToListAsync(cancellationToken);
        return Paging.CutAtOffset([.. sanctions.OrderByDescending(s => s.IssuedAt).ThenBy(s => s.Kind)
            .ThenBy(s => s.SanctionId).Skip(page.Offset()).Take(page.Size + 1)], page);
    }

    /// <summary>Standing in <paramref name="year"/> (0: this year) and this hall week.</summary>
    public async Task<Standing> StandingAsync(string staffId, int year, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), hall.Value.FindTimeZone()).DateTime);
        year = year == 0 ? today.Year : year;
        var weekStart = HallWeek.StartOf(today);
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var revoked = await db.Sanctions.AnyAsync(
            s => s.StaffId == staffId && s.Kind == SanctionKind.AwardEligibilityRevoked && s.Year == year &&
                 s.RevokedAt == null && !s.Proposed,
            cancellationToken);
        var thisWeek = await db.Violations.CountAsync(
            v => v.StaffId == staffId && v.WeekStart == weekStart && v.WithdrawnAt == null, cancellationToken);
        var complaints = await db.ComplaintFindings.CountAsync(f => f.StaffId == staffId && f.Year == year,
            cancellationToken);
        return new Standing(staffId, year, !revoked, thisWeek, complaints);
    }

    /// <summary>The file of <paramref name="year"/> (0: this year): facts by day, sanctions by issue time.</summary>
    public async Task<StaffFileView> FileAsync(string staffId, int year, CancellationToken cancellationToken)
    {
        var zone = hall.Value.FindTimeZone();
        year = year == 0 ? TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).Year : year;
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var facts = await db.Violations.AsNoTracking()
            .Where(v => v.StaffId == staffId && v.WorkDate >= from && v.WorkDate <= to && v.WithdrawnAt == null)
            .ToListAsync(cancellationToken);
        var sanctions = await db.Sanctions.AsNoTracking().Where(s => s.StaffId == staffId && s.Year == year)
            .ToListAsync(cancellationToken);
        var complaints = await db.ComplaintFindings.CountAsync(f => f.StaffId == staffId && f.Year == year,
            cancellationToken);
        return new StaffFileView(staffId, year,
            [.. facts.OrderBy(f => f.WorkDate).ThenBy(f => f.OccurredAt).ThenBy(f => f.EventId)],
            [.. sanctions.OrderBy(s => s.IssuedAt).ThenBy(s => s.SanctionId)], complaints);
    }
}
