using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// 补卡/更正: corrections of a day filed by the person or a machine and decided by the day's duty leader or a unit head
/// (never by the person it concerns). An approved correction adds the missed punch or sets a wrong one aside, and the
/// day is judged again in the same transaction: a fact that no longer holds is withdrawn (and a sanction it caused is
/// revoked by discipline).
/// </summary>
public sealed class CorrectionDesk(
    AttendanceDbContext db, AttendanceDayDesk days, WorkCalendar calendar, WorkSchedule schedule, TimeProvider time)
{
    public async Task<AttendanceCorrection> FileAsync(AttendanceCorrection correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var once = new CreateOnce<AttendanceCorrection>("Correction", correction.CorrectionId,
            c => c.CorrectionId == correction.CorrectionId,
            c => c.StaffId == correction.StaffId && c.WorkDate == correction.WorkDate && c.Kind == correction.Kind &&
                 c.At == correction.At && c.PunchId == correction.PunchId);
        if (await once.FindAsync(db, cancellationToken) is { } existing)
            return existing;
        if (!await db.Staff.AnyAsync(s => s.StaffId == correction.StaffId, cancellationToken))
            throw new NotFoundException("Staff member", correction.StaffId);
        var today = calendar.DateOf(time.GetUtcNow());
        var earliest = calendar.DateOf(time.GetUtcNow() - schedule.MaxBackfill);
        if (correction.WorkDate > today || correction.WorkDate < earliest)
        {
            throw new InvalidInputException("work_date",
                $"a correction concerns a day from {earliest:yyyy-MM-dd} to today ({today:yyyy-MM-dd})");
        }
        if (correction.At is { } at && calendar.DateOf(at) != correction.WorkDate)
            throw new InvalidInputException("at", $"must be a time of {correction.WorkDate:yyyy-MM-dd} (hall time)");
        if (correction.Kind == CorrectionKind.RemovePunch)
        {
            var punch = await db.Punches.AsNoTracking()
                            .FirstOrDefaultAsync(p => p.PunchId == correction.PunchId, cancellationToken)
                        ?? throw new NotFoundException("Punch", correction.PunchId ?? "");
            if (punch.StaffId != correction.StaffId || calendar.DateOf(punch.PunchedAt) != correction.WorkDate)
            {
                throw new RuleRefusedException("R1.6", $"punch/{punch.PunchId}",
                    $"Punch '{punch.PunchId}' is not a punch of '{correction.StaffId}' on {correction.WorkDate:yyyy-MM-dd}.");
            }
        }
        correction = await once.AddAsync(db, correction, cancellationToken);
        return correction;
    }

    /// <summary>
    /// Approves or rejects a filed correction. <paramref name="onlyAsDutyLeader"/>: a caller who is only a duty leader
    /// must be the day's duty leader when the day has a hall duty. Deciding again the same way answers as the first time.
    /// </summary>
    public async Task<AttendanceCorrection> DecideAsync(string correctionId, bool approve, string reason,
        string decidedBy, string? onlyAsDutyLeader, CancellationToken cancellationToken)
    {
        var correction = await db.Corrections.FirstOrDefaultAsync(c => c.CorrectionId == correctionId, cancellationToken)
                         ?? throw new NotFoundException("Correction", correctionId);
        if (string.Equals(correction.StaffId, decidedBy, StringComparison.Ordinal))
            throw new NotPermittedException("Nobody decides a correction of their own day.");
        await days.RequireTheDaysDutyLeaderAsync(correction.WorkDate, onlyAsDutyLeader, "decides its corrections",
            cancellationToken);
        var decided = approve ? CorrectionStatus.Approved : CorrectionStatus.Rejected;
        if (correction.Status == decided)
            return correction;
        if (correction.Status != CorrectionStatus.Filed)
        {
            throw new RuleRefusedException(
                $"Correction '{correctionId}' was {correction.Status.ToString().ToLowerInvariant()} already.",
                [("R1.6", $"correction/{correctionId}", "decided already")]);
        }
        var now = time.GetUtcNow();
        (correction.Status, correction.DecidedBy, correction.DecidedAt, correction.DecisionReason) =
            (decided, decidedBy, now, reason);
        if (!approve)
        {
            await db.SaveChangesAsync(cancellationToken);
            return correction;
        }
        if (correction.Kind != CorrectionKind.RemovePunch)
            await AddPunchAsync(correction, now, cancellationToken);
        var staff = await db.Staff.AsNoTracking().FirstAsync(s => s.StaffId == correction.StaffId, cancellationToken);
        await days.SaveAndJudgeAsync(staff, [correction.WorkDate], "a correction was approved", cancellationToken);
        return correction;
    }

    /// <summary>A day's corrections of one staff member or of everyone (of one unit when <paramref name="unitId"/> is given).</summary>
    /// <summary>A day's corrections (of one person, of a unit, or of everyone), a page at a time by position.</summary>
    public async Task<(IReadOnlyList<AttendanceCorrection> Rows, string? NextAfter)> ListAsync(DateOnly date,
        string? staffId, string? unitId, PageRequest page, CancellationToken cancellationToken) =>
        Paging.CutAtOffset(await db.Corrections.AsNoTracking()
            .Where(c => c.WorkDate == date && (staffId == null || c.StaffId == staffId))
            .Where(c => unitId == null || db.Staff.Any(s => s.StaffId == c.StaffId && s.UnitId == unitId))
            .OrderBy(c => c.FiledAt).ThenBy(c => c.CorrectionId)
            .Skip(page.Offset()).Take(page.Size + 1).ToListAsync(cancellationToken), page);

    private async Task AddPunchAsync(AttendanceCorrection correction, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var at = correction.At!.Value;
        var record = await db.Records.FirstOrDefaultAsync(
            r => r.StaffId == correction.StaffId && r.WorkDate == correction.WorkDate, cancellationToken);
        if (record is null)
        {
            record = new AttendanceRecord
                { RecordId = Guid.CreateVersion7(now), StaffId = correction.StaffId, WorkDate = correction.WorkDate };
            db.Records.Add(record);
        }
        var kind = correction.Kind == CorrectionKind.AddClockIn ? PunchKind.ClockIn : PunchKind.ClockOut;
        if (kind == PunchKind.ClockIn && (record.FirstClockInAt is null || at < record.FirstClockInAt))
            record.FirstClockInAt = at;
        if (kind == PunchKind.ClockOut && (record.LastClockOutAt is null || at > record.LastClockOutAt))
            record.LastClockOutAt = at;
        db.Punches.Add(new Punch
        {
            PunchId = $"correction-{Guid.CreateVersion7(now):N}", StaffId = correction.StaffId, Kind = kind,
            PunchedAt = at, ReceivedAt = now, DeviceId = "correction", RecordId = record.RecordId,
        });
    }
}
