using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Reporting;

namespace ServiceHall.Cases.Application;

/// <summary>One case in the ledger (台帐). No personal data.</summary>
public sealed record LedgerRow(
    CaseFile File, int Notices, DateTimeOffset? DueAt, bool Overdue, int ElapsedWorkingMinutes);

/// <summary>An item's figures in the ledger.</summary>
public sealed record LedgerTotals(
    string ItemId, int Received, int Accepted, int DeemedAccepted, int WithNotice, int InApproval, int Completed,
    int Rejected, int Overdue, int CompletedOnTime, int AverageCompletedMinutes);

/// <summary>One staff member's day (A21): every service with its time, the cases received, the notices issued.</summary>
public sealed record WorkLog(
    string StaffId, DateOnly Day, IReadOnlyList<(ServiceSession Session, string Number)> Services, int ServiceSeconds,
    IReadOnlyList<CaseFile> CasesReceived, int NoticesIssued);

/// <summary>The ledger per item and period, and each staff member's work log, derived from what happened.</summary>
public sealed class CaseReportDesk(CasesDbContext db, WorkCalendar calendar, TimeProvider time)
{
    public async Task<(IReadOnlyList<LedgerTotals> Totals, IReadOnlyList<LedgerRow> Rows)> LedgerAsync(
        DateOnly from, DateOnly to, string? itemId, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var (start, end) = (calendar.At(from, TimeOnly.MinValue), calendar.At(to.AddDays(1), TimeOnly.MinValue));
        var files = await db.Cases.AsNoTracking()
            .Where(c => c.ReceivedAt >= start && c.ReceivedAt < end && (itemId == null || c.ItemId == itemId))
            .OrderBy(c => c.ReceivedAt).ThenBy(c => c.CaseId).ToListAsync(cancellationToken);
        var ids = files.Select(f => f.CaseId).ToList();
        var notices = (await db.Notices.AsNoTracking().Where(n => ids.Contains(n.CaseId)).Select(n => n.CaseId)
            .ToListAsync(cancellationToken)).CountBy(id => id).ToDictionary(p => p.Key, p => p.Value);
        var now = time.GetUtcNow();
        var rows = files.Select(f =>
        {
            if (!f.Clock.Started)
                return new LedgerRow(f, notices.GetValueOrDefault(f.CaseId), null, false, 0);
            var clock = f.Clock.Load();
            var due = clock.DueAt(calendar, now);
            var overdue = f.Status is CaseStatus.InApproval or CaseStatus.Completed && (clock.StoppedAt ?? now) > due;
            return new LedgerRow(f, notices.GetValueOrDefault(f.CaseId), due, overdue,
                (int)clock.Elapsed(calendar, now).TotalMinutes);
        }).ToList();
        var totals = rows.GroupBy(r => r.File.ItemId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var completed = g.Where(r => r.File.Status == CaseStatus.Completed).ToList();
            return new LedgerTotals(g.Key, g.Count(), g.Count(r => r.File.AcceptedAt is not null),
                g.Count(r => r.File.DeemedAccepted), g.Count(r => r.Notices > 0),
                g.Count(r => r.File.Status == CaseStatus.InApproval), completed.Count,
                g.Count(r => r.File.Status == CaseStatus.Rejected), g.Count(r => r.Overdue),
                completed.Count(r => !r.Overdue),
                completed.Count == 0 ? 0 : (int)completed.Average(r => r.ElapsedWorkingMinutes));
        }).ToList();
        return (totals, rows);
    }

    /// <summary>The ledger as CSV; times in hall time with their offset (e.g. 2026-11-25 09:30:00+08:00).</summary>
    public static string LedgerCsv(IEnumerable<LedgerRow> rows, TimeZoneInfo hallZone)
    {
        string T(DateTimeOffset? value) => value is { } v
            ? TimeZoneInfo.ConvertTime(v, hallZone).ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture)
            : "";
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new CsvTable(
            "case_number", "case_id", "item_id", "item_version", "status", "received_at", "accepted_at",
            "deemed_accepted", "decided_at", "responsible_staff_id", "agent_staff_id", "notices", "due_at", "overdue",
            "elapsed_working_minutes");
        foreach (var r in rows)
        {
            var f = r.File;
            csv.Row(f.CaseNumber ?? "", f.CaseId, f.ItemId, N(f.ItemVersion), f.Status.ToString(), T(f.ReceivedAt),
                T(f.AcceptedAt), CsvTable.Flag(f.DeemedAccepted), T(f.DecidedAt), f.ResponsibleStaffId,
                f.AgentStaffId ?? "", N(r.Notices), T(r.DueAt), CsvTable.Flag(r.Overdue), N(r.ElapsedWorkingMinutes));
        }
        return csv.ToString();
    }

    public async Task<WorkLog> WorkLogAsync(string staffId, DateOnly day, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var (start, end) = (calendar.At(day, TimeOnly.MinValue), calendar.At(day.AddDays(1), TimeOnly.MinValue));
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.StaffId == staffId && s.Day == day)
            .OrderBy(s => s.StartedAt).ThenBy(s => s.SessionId).ToListAsync(cancellationToken);
        var ticketIds = sessions.Select(s => s.TicketId).Distinct().ToList();
        var numbers = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.TicketId))
            .ToDictionaryAsync(t => t.TicketId, t => t.Number, cancellationToken);
        var now = time.GetUtcNow();
        var seconds = sessions.Sum(s => (int)Math.Max(0, ((s.EndedAt ?? now) - s.StartedAt).TotalSeconds));
        var received = await db.Cases.AsNoTracking()
            .Where(c => c.ReceivedBy == staffId && c.ReceivedAt >= start && c.ReceivedAt < end)
            .OrderBy(c => c.ReceivedAt).ThenBy(c => c.CaseId).ToListAsync(cancellationToken);
        var notices = await db.Notices.AsNoTracking()
            .CountAsync(n => n.IssuedBy == staffId && n.IssuedAt >= start && n.IssuedAt < end, cancellationToken);
        return new WorkLog(staffId, day, sessions.Select(s => (s, numbers.GetValueOrDefault(s.TicketId, ""))).ToList(),
            seconds, received, notices);
    }

    private static string N(int value) => CsvTable.Number(value);
}
