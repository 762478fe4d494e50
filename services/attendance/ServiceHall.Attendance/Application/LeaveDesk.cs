using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// 请销假制度 (R1.7): leave is asked for with a substitute from the unit, the substitute accepts, and the duty leader
/// approves, unless the window would be left unstaffed.
/// </summary>
public sealed class LeaveDesk(
    AttendanceDbContext db, LeaveCoverageRule coverage, WorkCalendar calendar, IOptions<HallOptions> hall,
    AttendanceDayDesk days, TimeProvider time)
{
    public async Task<LeaveRequest> RequestAsync(LeaveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var once = new CreateOnce<LeaveRequest>("Leave", request.LeaveId, l => l.LeaveId == request.LeaveId,
            l => l.StaffId == request.StaffId && l.StartsAt == request.StartsAt && l.EndsAt == request.EndsAt &&
                 l.SubstituteStaffId == request.SubstituteStaffId);
        if (await once.FindAsync(db, cancellationToken) is { } existing)
            return existing;
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == request.StaffId, cancellationToken)
                    ?? throw new NotFoundException("Staff member", request.StaffId);
        var substitute = await db.Staff.AsNoTracking()
                             .FirstOrDefaultAsync(s => s.StaffId == request.SubstituteStaffId, cancellationToken)
                         ?? throw new NotFoundException("Staff member", request.SubstituteStaffId);
        if (substitute.UnitId != staff.UnitId)
        {
            throw new RuleRefusedException("R1.7", $"staff/{substitute.StaffId}",
                $"The substitute '{substitute.StaffId}' is not of unit '{staff.UnitId}': the unit arranges the stand-in.");
        }
        return await once.AddAsync(db, request, cancellationToken);
    }

    public async Task<LeaveRequest> AcceptAsync(string leaveId, CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        if (leave.Status == LeaveStatus.Requested)
        {
            leave.Status = LeaveStatus.SubstituteAccepted;
            await db.SaveChangesAsync(cancellationToken);
        }
        return leave;
    }

    public async Task<LeaveRequest> ApproveAsync(string leaveId, string approver, CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        RequireNotOwn(leave, approver);
        if (leave.Status == LeaveStatus.Approved)
            return leave;
        if (leave.Status != LeaveStatus.SubstituteAccepted)
        {
            throw new RuleRefusedException("R1.7", $"leave/{leaveId}",
                $"Leave '{leaveId}' cannot be approved before the substitute '{leave.SubstituteStaffId}' accepts (A/B post).");
        }
        var staff = await db.Staff.AsNoTracking().FirstAsync(s => s.StaffId == leave.StaffId, cancellationToken);
        var (from, to) = (calendar.DateOf(leave.StartsAt), calendar.DateOf(leave.EndsAt));
        // The staffing check is made against the weeks' roster (A5): without one it cannot be made, and is refused.
        var (firstMonday, lastSunday) = (AttendanceDayDesk.WeekOf(from).Monday, AttendanceDayDesk.WeekOf(to).Sunday);
        var weeks = await db.Rosters.AsNoTracking()
            .Where(r => r.WindowId == staff.WindowId && r.Date >= firstMonday && r.Date <= lastSunday)
            .ToListAsync(cancellationToken);
        var unrostered = Enumerable.Range(0, (lastSunday.DayNumber - firstMonday.DayNumber + 1) / 7)
            .Select(w => firstMonday.AddDays(7 * w))
            .Where(monday => !weeks.Any(r => r.Date >= monday && r.Date <= monday.AddDays(6))).ToList();
        if (staff.WindowId.Length > 0 && unrostered.Count > 0)
        {
            throw new RuleRefusedException(
                $"Window '{staff.WindowId}' has no roster for the week of {unrostered[0]:yyyy-MM-dd}: the staffing check " +
                "needs the week's roster (SetRoster) before leave is approved (R1.7 确保窗口有人在岗).",
                unrostered.Select(m => ("R1.7", $"window/{staff.WindowId}/week/{m:yyyy-MM-dd}", "no roster")));
        }
        var roster = weeks.Where(r => r.Date >= from && r.Date <= to).ToList();
        var people = roster.Select(r => r.StaffId).Append(leave.SubstituteStaffId).Distinct().ToList();
        var approved = await db.Leaves.AsNoTracking()
            .Where(l => l.Status == LeaveStatus.Approved && people.Contains(l.StaffId) &&
                        l.StartsAt < leave.EndsAt.AddDays(1) && l.EndsAt > leave.StartsAt.AddDays(-1))
            .ToListAsync(cancellationToken);
        var unstaffed = coverage.UnstaffedDays(leave, roster, approved);
        if (unstaffed.Count > 0)
        {
            throw new RuleRefusedException(
                $"Approving leave '{leaveId}' would leave window '{staff.WindowId}' unstaffed on " +
                string.Join(", ", unstaffed.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) +
                " (R1.7: the window must stay staffed).",
                unstaffed.Select(d => ("R1.7", $"window/{staff.WindowId}/{d:yyyy-MM-dd}", "nobody on post")));
        }

        var now = time.GetUtcNow();
        leave.Status = LeaveStatus.Approved;
        leave.ApprovedBy = approver;
        leave.ApprovedAt = now;
        db.AddEvent(new LeaveApproved(Guid.CreateVersion7(now), now, hall.Value.HallId, leave.LeaveId,
            leave.StaffId, leave.SubstituteStaffId, leave.Kind.ToString(), leave.StartsAt, leave.EndsAt), now);
        // Leave approved afterwards (R1.7 因病请假 is often filed after the day) excuses what it covers: the days it
        // spans are judged again, and a fact that no longer holds is withdrawn.
        var today = calendar.DateOf(now);
        var spanned = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).Where(d => d <= today);
        await days.SaveAndJudgeAsync(staff, spanned, "leave was approved", cancellationToken);
        return leave;
    }

    /// <summary>
    /// R1.7 由单位负责安排人员替岗: the unit head assigns the stand-in (of the same unit, not the person), which counts as
    /// accepted. Only before the leave is approved.
    /// </summary>
    public async Task<LeaveRequest> AssignSubstituteAsync(string leaveId, string substituteId,
        CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        if (leave.Status == LeaveStatus.SubstituteAccepted && leave.SubstituteStaffId == substituteId)
            return leave;
        if (leave.Status is not (LeaveStatus.Requested or LeaveStatus.SubstituteAccepted))
            throw Refused(leave, "its stand-in can change only before it is approved");
        var staff = await db.Staff.AsNoTracking().FirstAsync(s => s.StaffId == leave.StaffId, cancellationToken);
        var substitute = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == substituteId, cancellationToken)
                         ?? throw new NotFoundException("Staff member", substituteId);
        if (substitute.UnitId != staff.UnitId || substitute.StaffId == staff.StaffId)
            throw Refused(leave, $"the stand-in must be someone else of unit '{staff.UnitId}'");
        (leave.SubstituteStaffId, leave.Status) = (substituteId, LeaveStatus.SubstituteAccepted);
        await db.SaveChangesAsync(cancellationToken);
        return leave;
    }

    /// <summary>The duty leader or the unit head refuses leave not yet approved, with a reason.</summary>
    public async Task<LeaveRequest> RejectAsync(string leaveId, string reason, string by, CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        RequireNotOwn(leave, by);
        if (leave.Status == LeaveStatus.Rejected)
            return leave;
        if (leave.Status is not (LeaveStatus.Requested or LeaveStatus.SubstituteAccepted))
            throw Refused(leave, "only leave not yet approved is rejected");
        (leave.Status, leave.EndedBy, leave.EndReason) = (LeaveStatus.Rejected, by, reason);
        await db.SaveChangesAsync(cancellationToken);
        return leave;
    }

    /// <summary>The person (or the office, the unit head) withdraws leave before it begins.</summary>
    public async Task<LeaveRequest> CancelAsync(string leaveId, string reason, string by, CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        if (leave.Status == LeaveStatus.Cancelled)
            return leave;
        if (leave.Status == LeaveStatus.Rejected ||
            (leave.Status == LeaveStatus.Approved && time.GetUtcNow() >= leave.StartsAt))
        {
            throw Refused(leave, leave.Status == LeaveStatus.Rejected
                ? "it was rejected"
                : "it has begun: report back (销假) to end it early");
        }
        (leave.Status, leave.EndedBy, leave.EndReason) = (LeaveStatus.Cancelled, by, reason);
        await db.SaveChangesAsync(cancellationToken);
        return leave;
    }

    /// <summary>
    /// 销假: the person reports back before the leave's end; the leave ends now, and from now the day is owed again.
    /// </summary>
    public async Task<LeaveRequest> ReportBackAsync(string leaveId, CancellationToken cancellationToken)
    {
        var leave = await FindAsync(leaveId, cancellationToken);
        var now = time.GetUtcNow();
        if (leave.ReportedBackAt is not null)
            return leave;
        if (leave.Status != LeaveStatus.Approved || now <= leave.StartsAt || now >= leave.EndsAt)
            throw Refused(leave, "only approved leave under way ends by reporting back (cancel leave not yet begun)");
        (leave.EndsAt, leave.ReportedBackAt) = (now, now);
        var staff = await db.Staff.AsNoTracking().FirstAsync(s => s.StaffId == leave.StaffId, cancellationToken);
        await days.SaveAndJudgeAsync(staff, [calendar.DateOf(now)], "reported back from leave", cancellationToken);
        return leave;
    }

    /// <summary>Segregation of duties: nobody decides their own leave.</summary>
    private static void RequireNotOwn(LeaveRequest leave, string decider)
    {
        if (string.Equals(leave.StaffId, decider, StringComparison.Ordinal))
            throw new NotPermittedException($"Leave '{leave.LeaveId}' is the caller's own: nobody decides their own leave.");
    }

    private static RuleRefusedException Refused(LeaveRequest leave, string why) =>
        new RuleRefusedException($"Leave '{leave.LeaveId}' ({leave.Status}): {why}.",
            [("R1.7", $"leave/{leave.LeaveId}", why)]);

    public async Task<LeaveRequest> FindAsync(string leaveId, CancellationToken cancellationToken) =>
        await db.Leaves.FirstOrDefaultAsync(l => l.LeaveId == leaveId, cancellationToken)
        ?? throw new NotFoundException("Leave", leaveId);
}
