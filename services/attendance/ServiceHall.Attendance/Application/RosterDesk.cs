using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>Weekly rosters of the windows, held to the staffing rule (A5).</summary>
public sealed class RosterDesk(AttendanceDbContext db, StaffingRule rule)
{
    public async Task SetRosterAsync(string windowId, DateOnly weekStart, IReadOnlyList<RosterEntry> entries,
        CancellationToken cancellationToken)
    {
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
                     ?? throw new NotFoundException("Window", windowId);
        var staffIds = entries.Select(e => e.StaffId).Distinct(StringComparer.Ordinal).ToList();
        var staff = await db.Staff.AsNoTracking().Where(s => staffIds.Contains(s.StaffId))
            .ToDictionaryAsync(s => s.StaffId, StringComparer.Ordinal, cancellationToken);
        if (staffIds.FirstOrDefault(id => !staff.ContainsKey(id)) is { } unknown)
            throw new NotFoundException("Staff member", unknown);
        var otherUnit = staff.Values.Where(s => s.UnitId != window.UnitId).Select(s => s.StaffId).ToList();
        if (otherUnit.Count > 0)
        {
            throw new RuleRefusedException("A5", $"window/{windowId}",
                $"Window '{windowId}' belongs to unit '{window.UnitId}'; {string.Join(", ", otherUnit)} belong to " +
                "another unit and cannot be rostered there.");
        }

        var gaps = rule.Check(weekStart, entries);
        if (gaps.Count > 0)
        {
            throw new RuleRefusedException(
                $"The roster of window '{windowId}' for the week of {weekStart:yyyy-MM-dd} breaks A5 " +
                $"(at least {StaffingRule.MinimumStaff} staff a window, with rotation): " +
                string.Join("; ", gaps.Select(g => $"{g.Date:yyyy-MM-dd}: {g.Reason}")),
                gaps.Select(g => ("A5", $"window/{windowId}/{g.Date:yyyy-MM-dd}", g.Reason)));
        }

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var weekEnd = weekStart.AddDays(7);
        await db.Rosters.Where(r => r.WindowId == windowId && r.Date >= weekStart && r.Date < weekEnd)
            .ExecuteDeleteAsync(cancellationToken);
        db.Rosters.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RosterEntry>> GetRosterAsync(string windowId, DateOnly weekStart,
        CancellationToken cancellationToken)
    {
        if (!await db.Windows.AnyAsync(w => w.WindowId == windowId, cancellationToken))
            throw new NotFoundException("Window", windowId);
        var weekEnd = weekStart.AddDays(7);
        return await db.Rosters.AsNoTracking()
            .Where(r => r.WindowId == windowId && r.Date >= weekStart && r.Date < weekEnd)
            .OrderBy(r => r.Date).ThenBy(r => r.StaffId)
            .ToListAsync(cancellationToken);
    }
}
