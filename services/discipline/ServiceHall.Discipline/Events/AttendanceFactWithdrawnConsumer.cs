using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>A withdrawn attendance fact counts no more; a sanction whose threshold it no longer meets is revoked.</summary>
[InboxKey("AttendanceFactWithdrawnConsumer")]
public sealed class AttendanceFactWithdrawnConsumer(
    DisciplineDbContext db, ViolationDesk recorder, TimeProvider time,
    ILogger<AttendanceFactWithdrawnConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, AttendanceFactWithdrawn>(db, time, logger)
{
    protected override Task HandleAsync(AttendanceFactWithdrawn message, CancellationToken cancellationToken) =>
        recorder.WithdrawAsync(message.FactEventId, message.StaffId, message.Reason, cancellationToken);
}
