using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Cases.Events;

/// <summary>
/// Keeps the cases service's copy of which items each window offers (the attendance service owns windows). An
/// announcement older than the one applied is ignored, so a late redelivery never brings back old items.
/// </summary>
[InboxKey("WindowServiceItemsSetConsumer")]
public sealed class WindowServiceItemsSetConsumer(
    CasesDbContext db, TimeProvider time, ILogger<WindowServiceItemsSetConsumer> logger)
    : IdempotentConsumer<CasesDbContext, WindowServiceItemsSet>(db, time, logger)
{
    protected override async Task HandleAsync(WindowServiceItemsSet message, CancellationToken cancellationToken)
    {
        var desk = await Db.Windows.FirstOrDefaultAsync(w => w.WindowId == message.WindowId, cancellationToken);
        if (desk is null)
        {
            desk = new ServingWindow { WindowId = message.WindowId };
            Db.Windows.Add(desk);
        }
        else if (desk.ItemsSetAt > message.OccurredAt)
        {
            return;
        }
        desk.UnitId = message.UnitId;
        desk.ItemIds = message.ItemIds.ToList();
        desk.ItemsSetAt = message.OccurredAt;
    }
}
