using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Contracts.Cases;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>缺岗/旷工 is a fact for the rulebook (R1.7-absenteeism).</summary>
[InboxKey("StaffAbsentConsumer")]
public sealed class StaffAbsentConsumer(
    DisciplineDbContext db, ViolationDesk recorder, TimeProvider time, ILogger<StaffAbsentConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, StaffAbsent>(db, time, logger)
{
    protected override Task HandleAsync(StaffAbsent message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(message.EventId, message.StaffId, ViolationKind.Absent, message.WorkDate,
            message.OccurredAt, 0, cancellationToken, windowId: message.WindowId);
}

/// <summary>A breach of one-time notification is a fact about the staff member who issued the notice.</summary>
[InboxKey("OneTimeNoticeViolatedConsumer")]
public sealed class OneTimeNoticeViolatedConsumer(
    DisciplineDbContext db, ViolationDesk recorder, WorkCalendar calendar, TimeProvider time,
    ILogger<OneTimeNoticeViolatedConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, OneTimeNoticeViolated>(db, time, logger)
{
    protected override Task HandleAsync(OneTimeNoticeViolated message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(message.EventId, message.IssuedBy, ViolationKind.OneTimeNoticeViolation,
            calendar.DateOf(message.OccurredAt), message.OccurredAt, 0, cancellationToken);
}

/// <summary>
/// An overdue case is charged to the unit whose clock ran out (R1.3b(四) 一周办结), to that unit's head — not to the
/// window staff who received it. With several heads, the first by id; with none known, nothing is charged (the brief
/// still counts the overdue case for the unit).
/// </summary>
[InboxKey("CaseOverdueConsumer")]
public sealed class CaseOverdueConsumer(
    DisciplineDbContext db, ViolationDesk recorder, WorkCalendar calendar, TimeProvider time,
    ILogger<CaseOverdueConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, CaseOverdue>(db, time, logger)
{
    protected override async Task HandleAsync(CaseOverdue message, CancellationToken cancellationToken)
    {
        var unit = message.UnitId ?? message.ChargedUnitId;
        if (unit is null)
            return;
        var staff = await Db.Directory.AsNoTracking()
            .Where(d => d.Kind == DirectoryKind.Staff && d.UnitId == unit).ToListAsync(cancellationToken);
        var head = staff.Where(s => s.Roles.Contains("UnitHead")).OrderBy(s => s.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (head is null)
            return;
        await recorder.RecordAsync(message.EventId, head.Id, ViolationKind.CaseOverdue, calendar.DateOf(message.OccurredAt),
            message.OccurredAt, 0, cancellationToken, message.CaseNumber);
    }
}
