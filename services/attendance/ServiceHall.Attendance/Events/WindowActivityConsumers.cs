using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Contracts;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Attendance.Events;

/// <summary>
/// What a window is doing, from the cases service's events, onto the live wall: the cases service never writes the
/// attendance cache itself. Applied idempotently by event id and in order of occurrence (<see cref="WindowActivity"/>).
/// </summary>
public abstract class WindowActivityConsumer<TEvent>(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger logger)
    : IdempotentConsumer<AttendanceDbContext, TEvent>(db, time, logger)
    where TEvent : class, IIntegrationEvent
{
    protected abstract string WindowOf(TEvent message);

    protected abstract void Apply(WindowActivity activity, TEvent message);

    protected override async Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        var windowId = WindowOf(message);
        // An event for a window this hall does not know (yet) is kept in the inbox only.
        if (!await Db.Windows.AnyAsync(w => w.WindowId == windowId, cancellationToken))
            return;
        var activity = await Db.WindowActivities.FirstOrDefaultAsync(a => a.WindowId == windowId, cancellationToken);
        if (activity is null)
        {
            activity = new WindowActivity { WindowId = windowId };
            Db.WindowActivities.Add(activity);
        }
        Apply(activity, message);
    }

    protected override Task AfterCommitAsync(TEvent message, CancellationToken cancellationToken) =>
        statuses.RefreshAsync(WindowOf(message), cancellationToken);
}

[InboxKey("ServiceStartedConsumer")]
public sealed class ServiceStartedConsumer(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger<ServiceStartedConsumer> logger)
    : WindowActivityConsumer<ServiceStarted>(db, statuses, time, logger)
{
    protected override string WindowOf(ServiceStarted message) => message.WindowId;

    protected override void Apply(WindowActivity activity, ServiceStarted message) =>
        activity.Started(message.TicketId, message.OccurredAt);
}

[InboxKey("ServiceFinishedConsumer")]
public sealed class ServiceFinishedConsumer(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger<ServiceFinishedConsumer> logger)
    : WindowActivityConsumer<ServiceFinished>(db, statuses, time, logger)
{
    protected override string WindowOf(ServiceFinished message) => message.WindowId;

    protected override void Apply(WindowActivity activity, ServiceFinished message) =>
        activity.Finished(message.TicketId, message.OccurredAt);
}

[InboxKey("WindowPausedConsumer")]
public sealed class WindowPausedConsumer(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger<WindowPausedConsumer> logger)
    : WindowActivityConsumer<WindowPaused>(db, statuses, time, logger)
{
    protected override string WindowOf(WindowPaused message) => message.WindowId;

    protected override void Apply(WindowActivity activity, WindowPaused message) =>
        activity.Paused(message.Reason, message.OccurredAt);
}

[InboxKey("WindowResumedConsumer")]
public sealed class WindowResumedConsumer(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger<WindowResumedConsumer> logger)
    : WindowActivityConsumer<WindowResumed>(db, statuses, time, logger)
{
    protected override string WindowOf(WindowResumed message) => message.WindowId;

    protected override void Apply(WindowActivity activity, WindowResumed message) =>
        activity.Resumed(message.OccurredAt);
}

/// <summary>A transferred ticket leaves its first window idle (the ticket waits at the other window).</summary>
[InboxKey("TicketTransferredConsumer")]
public sealed class TicketTransferredConsumer(
    AttendanceDbContext db, WindowStatusDesk statuses, TimeProvider time, ILogger<TicketTransferredConsumer> logger)
    : WindowActivityConsumer<TicketTransferred>(db, statuses, time, logger)
{
    protected override string WindowOf(TicketTransferred message) => message.FromWindowId;

    protected override void Apply(WindowActivity activity, TicketTransferred message) =>
        activity.Finished(message.TicketId, message.OccurredAt);
}
