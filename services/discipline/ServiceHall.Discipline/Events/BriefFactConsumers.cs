using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Contracts;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Contracts.Cases;
using ServiceHall.Contracts.Complaints;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>Keeps a fact of the hall's week for the Monday brief (R1.2); once per event.</summary>
public abstract class BriefFactConsumer<TEvent>(
    DisciplineDbContext db, WorkCalendar calendar, TimeProvider time, ILogger logger)
    : IdempotentConsumer<DisciplineDbContext, TEvent>(db, time, logger)
    where TEvent : class, IIntegrationEvent
{
    /// <summary>The fact, or null when the event is not one the brief counts.</summary>
    protected abstract BriefFact? FactOf(TEvent message, DateOnly day);

    protected override Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        if (FactOf(message, calendar.DateOf(message.OccurredAt)) is { } fact)
            Db.BriefFacts.Add(fact);
        return Task.CompletedTask;
    }
}

[InboxKey("ServiceFinishedBriefConsumer")]
public sealed class ServiceFinishedBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<ServiceFinishedBriefConsumer> logger) : BriefFactConsumer<ServiceFinished>(db, calendar, time, logger)
{
    protected override BriefFact FactOf(ServiceFinished m, DateOnly day) => new()
        { EventId = m.EventId, Kind = BriefFactKind.TicketServed, Day = day, WindowId = m.WindowId, RefId = m.TicketId };
}

[InboxKey("CaseAcceptedBriefConsumer")]
public sealed class CaseAcceptedBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<CaseAcceptedBriefConsumer> logger) : BriefFactConsumer<CaseAccepted>(db, calendar, time, logger)
{
    protected override BriefFact FactOf(CaseAccepted m, DateOnly day) => new()
        { EventId = m.EventId, Kind = BriefFactKind.CaseAccepted, Day = day, RefId = m.CaseId, TicketId = m.TicketId };
}

[InboxKey("CaseCompletedBriefConsumer")]
public sealed class CaseCompletedBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<CaseCompletedBriefConsumer> logger) : BriefFactConsumer<CaseCompleted>(db, calendar, time, logger)
{
    protected override BriefFact FactOf(CaseCompleted m, DateOnly day) => new()
        { EventId = m.EventId, Kind = BriefFactKind.CaseCompleted, Day = day, RefId = m.CaseId };
}

[InboxKey("CaseOverdueBriefConsumer")]
public sealed class CaseOverdueBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<CaseOverdueBriefConsumer> logger) : BriefFactConsumer<CaseOverdue>(db, calendar, time, logger)
{
    protected override BriefFact? FactOf(CaseOverdue m, DateOnly day) => m.UnitId is not null
        ? null
        : new BriefFact { EventId = m.EventId, Kind = BriefFactKind.CaseOverdue, Day = day, RefId = m.CaseId };
}

[InboxKey("ReviewSubmittedBriefConsumer")]
public sealed class ReviewSubmittedBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<ReviewSubmittedBriefConsumer> logger) : BriefFactConsumer<ReviewSubmitted>(db, calendar, time, logger)
{
    protected override BriefFact? FactOf(ReviewSubmitted m, DateOnly day) => !m.Bad
        ? null
        : new BriefFact { EventId = m.EventId, Kind = BriefFactKind.BadReview, Day = day, WindowId = m.WindowId, RefId = m.ReviewId };
}

[InboxKey("ComplaintVerifiedBriefConsumer")]
public sealed class ComplaintVerifiedBriefConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<ComplaintVerifiedBriefConsumer> logger) : BriefFactConsumer<ComplaintVerified>(db, calendar, time, logger)
{
    protected override BriefFact FactOf(ComplaintVerified m, DateOnly day) => new()
        { EventId = m.EventId, Kind = BriefFactKind.VerifiedComplaint, Day = day, WindowId = m.WindowId, RefId = m.ComplaintId };
}

/// <summary>Which unit staffs a window, for the brief per unit.</summary>
[InboxKey("WindowUnitConsumer")]
public sealed class WindowUnitConsumer(DisciplineDbContext db, TimeProvider time, ILogger<WindowUnitConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, WindowServiceItemsSet>(db, time, logger)
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
