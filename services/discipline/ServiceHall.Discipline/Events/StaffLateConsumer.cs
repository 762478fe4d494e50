using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>迟到 counts towards R1.8.</summary>
[InboxKey("StaffLateConsumer")]
public sealed class StaffLateConsumer(
    DisciplineDbContext db, ViolationDesk recorder, TimeProvider time, ILogger<StaffLateConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, StaffLate>(db, time, logger)
{
    protected override Task HandleAsync(StaffLate message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(message.EventId, message.StaffId, ViolationKind.Late, message.WorkDate,
            message.OccurredAt, message.MinutesLate, cancellationToken,
            windowId: message.WindowId);
}
