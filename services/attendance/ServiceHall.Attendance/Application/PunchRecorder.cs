using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Records clock-in and clock-out punches: the punch, the day's attendance record, who is on post, and the events
/// (StaffClockedIn/Out, StaffLate, StaffLeftEarly, WindowStatusChanged) in one transaction. Idempotent by punch id.
/// </summary>
public sealed class PunchRecorder(
    AttendanceDbContext db,
    PunchRules rules,
    WorkCalendar calendar,
    WindowStatusReader statuses,
    UnstaffedWindowCheck unstaffed,
    IOptions<HallOptions> hall,
    TimeProvider time)
{
    private const int MaxAttempts = 3;

    public async Task<PunchResult> RecordAsync(PunchKind kind, string punchId, string staffId, DateTimeOffset punchedAt,
        string deviceId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await db.Punches.AsNoTracking().FirstOrDefaultAsync(p => p.PunchId == punchId, cancellationToken)
                is { } stored)
            {
                return Replay(stored, kind, staffId);
            }
            var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId,
                            cancellationToken)
                        ?? throw GrpcErrors.NotFound("Staff member", staffId);
            try
            {
                var (result, windowChanged) =
                    await RecordNewAsync(kind, punchId, staff, punchedAt, deviceId, cancellationToken);
                if (windowChanged)
                    await statuses.RefreshAsync(staff.WindowId, cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && ex.IsUniqueViolation())
            {
                // The same punch, or another punch of the same day, was written concurrently: look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static PunchResult Replay(Punch stored, PunchKind kind, string staffId)
    {
        if (stored.Kind != kind || !string.Equals(stored.StaffId, staffId, StringComparison.Ordinal))
        {
            throw GrpcErrors.AlreadyExists("Punch", stored.PunchId,
                "it was recorded for another staff member or as another kind of punch");
        }
        return new PunchResult(stored.RecordId, stored.Flagged, stored.Minutes);
    }

    private async Task<(PunchResult Result, bool WindowChanged)> RecordNewAsync(PunchKind kind, string punchId,
        StaffMember staff, DateTimeOffset punchedAt, string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hallId = hall.Value.HallId;
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);

        var workDate = rules.WorkDateOf(punchedAt);
        var record = await db.Records.FirstOrDefaultAsync(
            r => r.StaffId == staff.StaffId && r.WorkDate == workDate, cancellationToken);
        if (record is null)
        {
            record = new AttendanceRecord { RecordId = Guid.CreateVersion7(now), StaffId = staff.StaffId, WorkDate = workDate };
            db.Records.Add(record);
        }

        var dayStart = calendar.At(workDate, TimeOnly.MinValue);
        var dayEnd = dayStart.AddDays(1);
        var approvedLeave = await db.Leaves.AsNoTracking()
            .Where(l => l.StaffId == staff.StaffId && l.Status == LeaveStatus.Approved && l.StartsAt < dayEnd &&
                        l.EndsAt > dayStart)
            .ToListAsync(cancellationToken);
        var events = new List<IIntegrationEvent>();
        PunchAssessment assessment;
        if (kind == PunchKind.ClockIn)
        {
            assessment = rules.AssessClockIn(punchedAt, firstClockInOfDay: record.FirstClockInAt is null, approvedLeave);
            record.FirstClockInAt ??= punchedAt;
            events.Add(new StaffClockedIn(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                record.RecordId, workDate));
            if (assessment.Flagged)
            {
                record.Late = true;
                record.MinutesLate = assessment.Minutes;
                events.Add(new StaffLate(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                    record.RecordId, workDate, assessment.Minutes));
            }
        }
        else
        {
            assessment = rules.AssessClockOut(punchedAt, approvedLeave);
            if (record.LastClockOutAt is null || punchedAt > record.LastClockOutAt)
                record.LastClockOutAt = punchedAt;
            events.Add(new StaffClockedOut(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                record.RecordId, workDate));
            // One early leave a day at most: a second early clock-out the same day is not a second violation.
            if (assessment.Flagged && !record.LeftEarly)
            {
                events.Add(new StaffLeftEarly(NewId(now), punchedAt, hallId, staff.StaffId, staff.WindowId,
                    record.RecordId, workDate, assessment.Minutes));
            }
            if (assessment.Flagged)
            {
                record.LeftEarly = true;
                record.MinutesEarly = Math.Max(record.MinutesEarly, assessment.Minutes);
            }
        }

        db.Punches.Add(new Punch
        {
            PunchId = punchId,
            StaffId = staff.StaffId,
            Kind = kind,
            PunchedAt = punchedAt,
            ReceivedAt = now,
            DeviceId = deviceId,
            RecordId = record.RecordId,
            Flagged = assessment.Flagged,
            Minutes = assessment.Minutes,
        });

        var windowChanged = await UpdatePostAsync(kind, staff, punchedAt, workDate, now, cancellationToken);
        foreach (var integrationEvent in events)
            db.AddEvent(integrationEvent, now);
        await db.SaveChangesAsync(cancellationToken);

        if (windowChanged && await statuses.LoadAsync(staff.WindowId, cancellationToken) is { } status)
        {
            db.AddEvent(new WindowStatusChanged(NewId(now), now, hallId, status.WindowId,
                status.State.ToString(), status.StaffOnPost), now);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (new PunchResult(record.RecordId, assessment.Flagged, assessment.Minutes), windowChanged);
    }

    /// <summary>
    /// Today's punches put the staff member on post or take them off; an offline punch of an earlier day changes
    /// nothing on the live wall.
    /// </summary>
    private async Task<bool> UpdatePostAsync(PunchKind kind, StaffMember staff, DateTimeOffset punchedAt,
        DateOnly workDate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Leaders and office staff without a window clock in and out too, but are on no window's post.
        if (workDate != rules.WorkDateOf(now) || staff.WindowId.Length == 0)
            return false;
        var post = await db.Posts.FirstOrDefaultAsync(
            p => p.WindowId == staff.WindowId && p.StaffId == staff.StaffId, cancellationToken);
        var changed = false;
        if (kind == PunchKind.ClockIn && post is null)
        {
            db.Posts.Add(new WindowPost { WindowId = staff.WindowId, StaffId = staff.StaffId, Since = punchedAt });
            changed = true;
        }
        else if (kind == PunchKind.ClockOut && post is not null)
        {
            db.Posts.Remove(post);
            await unstaffed.AddEventIfUnstaffedAsync(staff.WindowId, staff.StaffId, punchedAt, now, cancellationToken);
            changed = true;
        }
        if (changed && await db.Windows.FirstOrDefaultAsync(w => w.WindowId == staff.WindowId, cancellationToken)
                is { } window)
        {
            window.StateChangedAt = now;
        }
        return changed;
    }

    private static Guid NewId(DateTimeOffset now) => Guid.CreateVersion7(now);
}
