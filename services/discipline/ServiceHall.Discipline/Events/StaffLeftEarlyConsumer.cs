using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>早退 counts towards R1.8.</summary>
[InboxKey("StaffLeftEarlyConsumer")]
public sealed class StaffLeftEarlyConsumer(
    DisciplineDbContext db, ViolationDesk recorder, TimeProvider time,
    ILogger<StaffLeftEarlyConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, StaffLeftEarly>(db, time, logger)
{
    protected override Task HandleAsync(StaffLeftEarly message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(message.EventId, message.StaffId, ViolationKind.LeftEarly, message.WorkDate,
            message.OccurredAt, message.MinutesEarly, cancellationToken,
            windowId: message.WindowId);
}
