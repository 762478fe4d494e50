using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>脱岗 counts towards R1.8 with late arrivals and early leaves.</summary>
[InboxKey("StaffOffPostConsumer")]
public sealed class StaffOffPostConsumer(
    DisciplineDbContext db, ViolationDesk recorder, TimeProvider time,
    ILogger<StaffOffPostConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, StaffOffPost>(db, time, logger)
{
    protected override Task HandleAsync(StaffOffPost message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(message.EventId, message.StaffId, ViolationKind.OffPost, message.WorkDate,
            message.OccurredAt, message.MinutesAway, cancellationToken,
            windowId: message.WindowId);
}
