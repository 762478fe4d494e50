using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Complaints.Events;

/// <summary>A finished service may be reviewed: its ticket, window and staff member are kept.</summary>
[InboxKey("ServiceFinishedConsumer")]
public sealed class ServiceFinishedConsumer(
    ComplaintsDbContext db, TimeProvider time, ILogger<ServiceFinishedConsumer> logger)
    : IdempotentConsumer<ComplaintsDbContext, ServiceFinished>(db, time, logger)
{
    protected override async Task HandleAsync(ServiceFinished message, CancellationToken cancellationToken)
    {
        var key = "ticket:" + message.TicketId;
        if (!await Db.ServedVisits.AnyAsync(v => v.Key == key, cancellationToken))
        {
            Db.ServedVisits.Add(new ServedVisit
            {
                Key = key, WindowId = message.WindowId, StaffId = message.StaffId, FinishedAt = message.OccurredAt,
            });
        }
    }
}

/// <summary>A completed case may be reviewed: it is about its responsible staff member.</summary>
[InboxKey("CaseCompletedConsumer")]
public sealed class CaseCompletedConsumer(
    ComplaintsDbContext db, TimeProvider time, ILogger<CaseCompletedConsumer> logger)
    : IdempotentConsumer<ComplaintsDbContext, CaseCompleted>(db, time, logger)
{
    protected override async Task HandleAsync(CaseCompleted message, CancellationToken cancellationToken)
    {
        var key = "case:" + message.CaseId;
        if (!await Db.ServedVisits.AnyAsync(v => v.Key == key, cancellationToken))
        {
            // A case that came through a ticket is the window's that received it: its review counts for that window's
            // unit. The visit finished long before the case completes, so its window is known by now.
            var ticketKey = "ticket:" + message.TicketId;
            var window = message.TicketId is null
                ? null
                : await Db.ServedVisits.AsNoTracking().Where(v => v.Key == ticketKey).Select(v => v.WindowId)
                    .FirstOrDefaultAsync(cancellationToken);
            Db.ServedVisits.Add(new ServedVisit
            {
                Key = key, WindowId = window, StaffId = message.AgentStaffId ?? message.ResponsibleStaffId,
                FinishedAt = message.OccurredAt,
            });
        }
    }
}

/// <summary>Which unit staffs a window, for the figures per unit.</summary>
[InboxKey("WindowUnitConsumer")]
public sealed class WindowUnitConsumer(ComplaintsDbContext db, TimeProvider time, ILogger<WindowUnitConsumer> logger)
    : IdempotentConsumer<ComplaintsDbContext, WindowServiceItemsSet>(db, time, logger)
{
    protected override async Task HandleAsync(WindowServiceItemsSet message, CancellationToken cancellationToken)
    {
        var window = await Db.WindowUnits.FirstOrDefaultAsync(w => w.WindowId == message.WindowId, cancellationToken);
        if (window is null)
            Db.WindowUnits.Add(new WindowUnit { WindowId = message.WindowId, UnitId = message.UnitId });
        else
            window.UnitId = message.UnitId;
    }
}
