using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Complaints;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>
/// A verified complaint against a staff member is kept once (by event id and by complaint) and judged by the rulebook.
/// </summary>
[InboxKey("ComplaintVerifiedConsumer")]
public sealed class ComplaintVerifiedConsumer(
    DisciplineDbContext db, ViolationDesk recorder, WorkCalendar calendar, TimeProvider time,
    ILogger<ComplaintVerifiedConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, ComplaintVerified>(db, time, logger)
{
    protected override async Task HandleAsync(ComplaintVerified message, CancellationToken cancellationToken)
    {
        // A complaint about a window alone names nobody to hold to account.
        if (message.StaffId is null || await Db.ComplaintFindings.AnyAsync(f => f.ComplaintId == message.ComplaintId,
                cancellationToken))
        {
            return;
        }
        Db.ComplaintFindings.Add(new ComplaintFinding
        {
            ComplaintId = message.ComplaintId, EventId = message.EventId, StaffId = message.StaffId,
            WindowId = message.WindowId, Category = message.Category, VerifiedAt = message.OccurredAt,
            Year = calendar.DateOf(message.OccurredAt).Year,
        });
        // A27/A28: the rulebook judges it by its category.
        await recorder.RecordAsync(message.EventId, message.StaffId, ViolationKind.VerifiedComplaint,
            calendar.DateOf(message.OccurredAt), message.OccurredAt, 0, cancellationToken, message.Category,
            message.WindowId);
    }
}
