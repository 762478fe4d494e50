using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>A hall day's duty with its power-off checks and the windows not (yet) checked.</summary>
public sealed record HallDutyView(
    HallDuty Duty, IReadOnlyList<PowerOffCheck> Checks, IReadOnlyList<string> UncheckedWindowIds, bool RegisterWritten);

/// <summary>A duty register entry with the attendance it froze.</summary>
public sealed record DutyRegisterView(
    HallDuty Duty, DutyRegisterEntry Entry, DutyRegisterContent Content);

/// <summary>What a register entry froze: the findings of the day, the hall's totals, the unchecked windows.</summary>
public sealed record DutyRegisterContent(
    IReadOnlyList<AttendanceLine> Findings, AttendanceLine Totals, IReadOnlyList<string> UncheckedWindowIds);

/// <summary>
/// R1.6 hall duty: the daily duty unit, person and leader; the end-of-day power-off check per window; the day's
/// attendance written once into the leader duty register.
/// </summary>
public sealed class HallDutyDesk(
    AttendanceDbContext db, AttendanceReportDesk reports, AttendanceDayDesk days, WorkCalendar calendar, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<HallDutyView> SetAsync(HallDuty assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (!await db.Units.AnyAsync(u => u.UnitId == assignment.UnitId, cancellationToken))
            throw new NotFoundException("Unit", assignment.UnitId);
        var person = await db.Staff.AsNoTracking()
                         .FirstOrDefaultAsync(s => s.StaffId == assignment.DutyStaffId, cancellationToken)
                     ?? throw new NotFoundException("Staff member", assignment.DutyStaffId);
        if (!await db.Staff.AnyAsync(s => s.StaffId == assignment.DutyLeaderStaffId, cancellationToken))
            throw new NotFoundException("Staff member", assignment.DutyLeaderStaffId);
        var violations = new List<(string, string, string)>();
        if (person.UnitId != assignment.UnitId)
        {
            violations.Add(("R1.6", $"staff/{person.StaffId}",
                $"the duty person belongs to unit '{person.UnitId}', not to the duty unit '{assignment.UnitId}'"));
        }
        if (!await db.StaffRoles.AnyAsync(r => r.StaffId == assignment.DutyLeaderStaffId &&
                                                r.Role == StaffRoleKind.DutyLeader, cancellationToken))
        {
            violations.Add(("R1.6", $"staff/{assignment.DutyLeaderStaffId}",
                "the duty leader does not hold the duty-leader role"));
        }
        if (violations.Count > 0)
        {
            throw new RuleRefusedException(
                $"Hall duty of {assignment.Date:yyyy-MM-dd} refused: " + string.Join("; ", violations.Select(v => v.Item3)) + ".",
                violations);
        }
        await RequireRegisterOpenAsync(assignment.Date, cancellationToken);

        var existing = await db.HallDuties.FirstOrDefaultAsync(d => d.Date == assignment.Date, cancellationToken);
        if (existing is null)
        {
            db.HallDuties.Add(assignment);
        }
        else
        {
            existing.UnitId = assignment.UnitId;
            existing.DutyStaffId = assignment.DutyStaffId;
            existing.DutyLeaderStaffId = assignment.DutyLeaderStaffId;
            existing.AssignedBy = assignment.AssignedBy;
            existing.AssignedAt = assignment.AssignedAt;
        }
        await db.SaveOrConflictAsync(
            $"The hall duty of {assignment.Date:yyyy-MM-dd} was set concurrently; try again.", cancellationToken);
        return await GetAsync(assignment.Date, cancellationToken);
    }

    public async Task<HallDutyView> GetAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var duty = await FindDutyAsync(date, cancellationToken);
        var checks = await db.PowerOffChecks.AsNoTracking().Where(c => c.Date == date)
            .OrderBy(c => c.WindowId).ToListAsync(cancellationToken);
        var windows = await db.Windows.AsNoTracking().OrderBy(w => w.WindowId).Select(w => w.WindowId)
            .ToListAsync(cancellationToken);
        var checkedIds = checks.Select(c => c.WindowId).ToHashSet(StringComparer.Ordinal);
        var written = await db.DutyRegister.AnyAsync(r => r.Date == date, cancellationToken);
        return new HallDutyView(duty, checks, windows.Where(w => !checkedIds.Contains(w)).ToList(), written);
    }

    /// <summary>Records a window's check; <c>onlyAs</c>, when set, must be the day's duty person.</summary>
    public async Task<HallDutyView> RecordCheckAsync(DateOnly date, string windowId, bool poweredOff, string? note,
        string checkedBy, string? onlyAs, CancellationToken cancellationToken)
    {
        await FindDutyToActAsync(date, onlyAs, d => d.DutyStaffId,
            $"Only the duty person of {date:yyyy-MM-dd} or a duty leader records the power-off check.", cancellationToken);
        if (!await db.Windows.AnyAsync(w => w.WindowId == windowId, cancellationToken))
            throw new NotFoundException("Window", windowId);
        await RequireRegisterOpenAsync(date, cancellationToken);
        var now = time.GetUtcNow();
        var check = await db.PowerOffChecks.FirstOrDefaultAsync(c => c.Date == date && c.WindowId == windowId,
            cancellationToken);
        if (check is null)
        {
            db.PowerOffChecks.Add(new PowerOffCheck
            {
                Date = date, WindowId = windowId, PoweredOff = poweredOff, Note = note, CheckedBy = checkedBy,
                CheckedAt = now,
            });
        }
        else
        {
            (check.PoweredOff, check.Note, check.CheckedBy, check.CheckedAt) = (poweredOff, note, checkedBy, now);
        }
        await db.SaveOrConflictAsync(
            $"The check of window '{windowId}' was recorded concurrently; try again.", cancellationToken);
        return await GetAsync(date, cancellationToken);
    }

    /// <summary>Writes the day's register entry once; <c>onlyAs</c>, when set, must be the day's duty leader.</summary>
    public async Task<DutyRegisterView> WriteRegisterAsync(DateOnly date, string? note, string writer, string? onlyAs,
        CancellationToken cancellationToken)
    {
        await FindDutyToActAsync(date, onlyAs, d => d.DutyLeaderStaffId,
            $"Only the duty leader of {date:yyyy-MM-dd} or a bureau leader writes the register.", cancellationToken);
        var view = await GetAsync(date, cancellationToken);
        if (await db.DutyRegister.AsNoTracking().FirstOrDefaultAsync(r => r.Date == date, cancellationToken) is { } written)
            return new DutyRegisterView(view.Duty, written, Read(written));
        var endOfWork = calendar.At(date, calendar.Options.EndOfWork);
        if (time.GetUtcNow() < endOfWork)
        {
            throw new RuleRefusedException(
                $"The duty register of {date:yyyy-MM-dd} is written once the day's work has ended ({endOfWork:HH:mm} hall time).",
                [("R1.6", $"duty-register/{date:yyyy-MM-dd}", "the working day has not ended")]);
        }

        // Writing the register closes the day (R1.6): everyone's day is judged to its end and what stands is final.
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await days.CloseByRegisterAsync(date, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var lines = await reports.CountAsync(date, date, null, cancellationToken);
        var content = new DutyRegisterContent(lines.Where(l => l.HasFindings).ToList(),
            AttendanceLine.Total("", "hall", lines), view.UncheckedWindowIds);
        var entry = new DutyRegisterEntry
        {
            Date = date, WrittenBy = writer, WrittenAt = time.GetUtcNow(), Note = note,
            AttendanceJson = JsonSerializer.Serialize(content, Json),
        };
        db.DutyRegister.Add(entry);
        // Written concurrently: the first entry stands, and a retry answers with it.
        await db.SaveOrConflictAsync(
            $"The duty register of {date:yyyy-MM-dd} was written concurrently; try again.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DutyRegisterView(view.Duty, entry, content);
    }

    public async Task<DutyRegisterView> GetRegisterAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var duty = await FindDutyAsync(date, cancellationToken);
        var entry = await db.DutyRegister.AsNoTracking().FirstOrDefaultAsync(r => r.Date == date, cancellationToken)
                    ?? throw new NotFoundException("Duty register entry", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return new DutyRegisterView(duty, entry, Read(entry));
    }

    private static DutyRegisterContent Read(DutyRegisterEntry entry) =>
        JsonSerializer.Deserialize<DutyRegisterContent>(entry.AttendanceJson, Json)
        ?? throw new InvalidOperationException($"Duty register entry of {entry.Date} is empty.");

    /// <summary>The day's duty: a read of a day without one is NOT_FOUND; acting on it is FAILED_PRECONDITION.</summary>
    private async Task<HallDuty> FindDutyAsync(DateOnly date, CancellationToken cancellationToken, bool toAct = false) =>
        await db.HallDuties.AsNoTracking().FirstOrDefaultAsync(d => d.Date == date, cancellationToken)
        ?? throw (toAct
            ? new RuleRefusedException(
                $"No hall duty is set for {date:yyyy-MM-dd}; the office sets it with SetHallDuty first.",
                [("R1.6", $"hall-duty/{date:yyyy-MM-dd}", "no duty unit and person set")])
            : new NotFoundException("Hall duty", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The day's duty, for a caller who may act only as <paramref name="onlyAs"/> when that is the person
    /// <paramref name="who"/> names: permission first, so a day without duty reads to them as another person's
    /// (PERMISSION_DENIED); for others a day without duty is FAILED_PRECONDITION.
    /// </summary>
    private async Task<HallDuty> FindDutyToActAsync(DateOnly date, string? onlyAs, Func<HallDuty, string?> who,
        string refusal, CancellationToken cancellationToken)
    {
        var duty = await db.HallDuties.AsNoTracking().FirstOrDefaultAsync(d => d.Date == date, cancellationToken);
        if (onlyAs is not null && (duty is null || !string.Equals(onlyAs, who(duty), StringComparison.Ordinal)))
            throw new NotPermittedException(refusal);
        return duty ?? await FindDutyAsync(date, cancellationToken, toAct: true);
    }

    private async Task RequireRegisterOpenAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (await db.DutyRegister.AnyAsync(r => r.Date == date, cancellationToken))
        {
            throw new RuleRefusedException(
                $"The duty register of {date:yyyy-MM-dd} is written; the day's duty can no longer change.",
                [("R1.6", $"duty-register/{date:yyyy-MM-dd}", "already written")]);
        }
    }
}

