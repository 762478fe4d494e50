using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Application;

/// <summary>
/// Tickets and calling (取号, 叫号, 过号, 转办): each step a ticket takes, with the event the live window wall and the
/// work log need, written in the same transaction.
/// </summary>
public sealed class TicketDesk(
    CasesDbContext db, CatalogueDesk catalogue, WorkCalendar calendar, IOptions<HallOptions> hall, TimeProvider time)
{
    private const int CallAttempts = 5;

    public async Task<Ticket> TakeAsync(string requestId, string itemId, string submittedBy,
        CancellationToken cancellationToken)
    {
        // The request id is the caller's: another caller's id, or other details, is ALREADY_EXISTS.
        var once = new CreateOnce<Ticket>("Ticket request", requestId, t => t.RequestId == requestId,
            t => t.SubmittedBy == submittedBy && t.ItemId == itemId);
        if (await once.FindAsync(db, cancellationToken) is { } again)
            return again;
        await catalogue.GetAsync(itemId, 0, cancellationToken);
        var now = time.GetUtcNow();
        var day = calendar.DateOf(now);
        var sequence = await NextNumberAsync(day, cancellationToken);
        var ticket = new Ticket
        {
            TicketId = Guid.CreateVersion7(now).ToString(), RequestId = requestId,
            Number = "A" + sequence.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
            Day = day, ItemId = itemId, TakenAt = now, QueuedAt = now, Status = TicketStatus.Waiting,
            SubmittedBy = submittedBy,
            TraceParent = VisitTrace.Current(), // the visit's trace begins here
        };
        // The same request racing itself: the first ticket stands (its number is skipped, as a kiosk reprint would).
        return await once.AddAsync(db, ticket, cancellationToken);
    }

    public async Task<(Ticket? Ticket, int Waiting)> CallNextAsync(string windowId, string staffId,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var desk = await DeskAsync(windowId, cancellationToken);
            if (desk.Paused)
            {
                throw Refused("A17", $"window/{windowId}",
                    $"Window '{windowId}' is paused ({desk.PausedReason}); resume it before calling.");
            }
            if (await db.Tickets.AsNoTracking().FirstOrDefaultAsync(
                    t => t.WindowId == windowId && (t.Status == TicketStatus.Called || t.Status == TicketStatus.Serving),
                    cancellationToken) is { } open)
            {
                throw Refused("A17", $"ticket/{open.TicketId}",
                    $"Window '{windowId}' still has ticket {open.Number} ({open.Status}); finish it, mark it a no-show or transfer it first.");
            }
            var items = desk.ItemIds.ToList();
            var waiting = await db.Tickets
                .Where(t => t.Status == TicketStatus.Waiting &&
                            (t.TransferredToWindowId == windowId ||
                             (t.TransferredToWindowId == null && items.Contains(t.ItemId))))
                .ToListAsync(cancellationToken);
            var next = CallingOrder.Next(waiting, windowId, items.ToHashSet(StringComparer.Ordinal));
            if (next is null)
                return (null, 0);
            var now = time.GetUtcNow();
            using var span = VisitTrace.Continue(next.TraceParent, "ticket called");
            span?.SetTag("servicehall.ticket_id", next.TicketId);
            span?.SetTag("servicehall.window_id", windowId);
            next.Status = TicketStatus.Called;
            next.WindowId = windowId;
            next.StaffId = staffId;
            next.CalledAt = now;
            next.CallCount = 1;
            next.Revision++;
            db.AddEvent(new TicketCalled(Guid.CreateVersion7(now), now, hall.Value.HallId, next.TicketId, next.Number,
                next.ItemId, windowId, staffId), now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (next, waiting.Count - 1);
            }
            catch (DbUpdateConcurrencyException) when (attempt < CallAttempts)
            {
                // Another window called this ticket at the same moment: call the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<Ticket> RecallAsync(string ticketId, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(ticketId, [TicketStatus.Called], "recalled", (ticket, now) =>
        {
            ticket.CallCount++;
            ticket.CalledAt = now;
            ticket.StaffId = staffId;
            db.AddEvent(new TicketCalled(Guid.CreateVersion7(now), now, hall.Value.HallId, ticket.TicketId,
                ticket.Number, ticket.ItemId, ticket.WindowId!, staffId), now);
        }, cancellationToken);

    public Task<Ticket> NoShowAsync(string ticketId, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(ticketId, [TicketStatus.Called], "marked a no-show", (ticket, now) =>
        {
            ticket.Status = TicketStatus.NoShow;
            ticket.StaffId = staffId;
            ticket.FinishedAt = now;
        }, cancellationToken);

    public Task<Ticket> StartAsync(string ticketId, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(ticketId, [TicketStatus.Called], "started", (ticket, now) =>
        {
            ticket.Status = TicketStatus.Serving;
            ticket.StaffId = staffId;
            ticket.ServiceStartedAt = now;
            if (ticket.FirstStaffId is null)
            {
                // 首问负责: whoever serves the citizen first answers for the visit from now on.
                ticket.FirstStaffId = staffId;
                ticket.WaitSeconds = Seconds(now - ticket.TakenAt);
            }
            db.Sessions.Add(new ServiceSession
            {
                SessionId = Guid.CreateVersion7(now), TicketId = ticket.TicketId, ItemId = ticket.ItemId,
                WindowId = ticket.WindowId!, StaffId = staffId, Day = calendar.DateOf(now), StartedAt = now,
            });
            db.AddEvent(new ServiceStarted(Guid.CreateVersion7(now), now, hall.Value.HallId, ticket.TicketId,
                ticket.WindowId!, staffId), now);
        }, cancellationToken);

    public async Task<Ticket> FinishAsync(string ticketId, string staffId, CancellationToken cancellationToken)
    {
        await EndSessionAsync(ticketId, "finished", cancellationToken);
        return await ChangeAsync(ticketId, [TicketStatus.Serving], "finished", (ticket, now) =>
        {
            ticket.Status = TicketStatus.Finished;
            ticket.ServiceSeconds += Seconds(now - ticket.ServiceStartedAt!.Value);
            ticket.FinishedAt = now;
            db.AddEvent(new ServiceFinished(Guid.CreateVersion7(now), now, hall.Value.HallId, ticket.TicketId,
                ticket.WindowId!, staffId, ticket.WaitSeconds, ticket.ServiceSeconds), now);
        }, cancellationToken);
    }

    public async Task<Ticket> TransferAsync(string ticketId, string staffId, string toWindowId, string reason,
        CancellationToken cancellationToken)
    {
        await DeskAsync(toWindowId, cancellationToken);
        await EndSessionAsync(ticketId, "transferred", cancellationToken);
        return await ChangeAsync(ticketId, [TicketStatus.Called, TicketStatus.Serving], "transferred", (ticket, now) =>
        {
            var from = ticket.WindowId!;
            if (from == toWindowId)
                throw Refused("R1.3b(二)", $"ticket/{ticketId}", $"Ticket {ticket.Number} is already at window '{toWindowId}'.");
            if (ticket.Status == TicketStatus.Serving)
                ticket.ServiceSeconds += Seconds(now - ticket.ServiceStartedAt!.Value);
            ticket.Status = TicketStatus.Waiting;
            ticket.QueuedAt = now;
            ticket.TransferredToWindowId = toWindowId;
            ticket.TransferReason = reason;
            ticket.WindowId = null;
            ticket.StaffId = null;
            ticket.ServiceStartedAt = null;
            db.AddEvent(new TicketTransferred(Guid.CreateVersion7(now), now, hall.Value.HallId, ticket.TicketId, from,
                toWindowId, staffId), now);
        }, cancellationToken);
    }

    public async Task<Ticket> GetAsync(string ticketId, CancellationToken cancellationToken) =>
        await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken)
        ?? throw new NotFoundException("Ticket", ticketId);

    public async Task<ServingWindow> PauseAsync(string windowId, string staffId, string reason,
        CancellationToken cancellationToken)
    {
        var desk = await DeskAsync(windowId, cancellationToken);
        if (desk.Paused && desk.PausedReason == reason)
            return desk;
        if (await db.Tickets.AnyAsync(t => t.WindowId == windowId && t.Status == TicketStatus.Serving, cancellationToken))
        {
            throw Refused("A17", $"window/{windowId}",
                $"Window '{windowId}' is serving a citizen; finish or transfer the ticket before pausing.");
        }
        var now = time.GetUtcNow();
        (desk.Paused, desk.PausedReason, desk.PausedAt) = (true, reason, now);
        db.AddEvent(new WindowPaused(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, staffId, reason), now);
        await db.SaveChangesAsync(cancellationToken);
        return desk;
    }

    public async Task<ServingWindow> ResumeAsync(string windowId, string staffId, CancellationToken cancellationToken)
    {
        var desk = await DeskAsync(windowId, cancellationToken);
        if (!desk.Paused)
            return desk;
        var now = time.GetUtcNow();
        (desk.Paused, desk.PausedReason, desk.PausedAt) = (false, null, null);
        db.AddEvent(new WindowResumed(Guid.CreateVersion7(now), now, hall.Value.HallId, windowId, staffId), now);
        await db.SaveChangesAsync(cancellationToken);
        return desk;
    }

    public async Task<ServingWindow> GetDeskAsync(string windowId, CancellationToken cancellationToken) =>
        await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
        ?? throw new NotFoundException("Window", windowId);

    /// <summary>Ends the ticket's open service session (tracked; saved with the ticket's change).</summary>
    private async Task EndSessionAsync(string ticketId, string outcome, CancellationToken cancellationToken)
    {
        if (await db.Sessions.FirstOrDefaultAsync(s => s.TicketId == ticketId && s.EndedAt == null, cancellationToken)
            is { } open)
        {
            (open.EndedAt, open.Outcome) = (time.GetUtcNow(), outcome);
        }
    }

    private async Task<ServingWindow> DeskAsync(string windowId, CancellationToken cancellationToken) =>
        await db.Windows.FirstOrDefaultAsync(w => w.WindowId == windowId, cancellationToken)
        ?? throw new NotFoundException("Window", windowId);

    private async Task<Ticket> ChangeAsync(string ticketId, TicketStatus[] from, string what,
        Action<Ticket, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken)
                     ?? throw new NotFoundException("Ticket", ticketId);
        if (!from.Contains(ticket.Status))
        {
            throw Refused("A17", $"ticket/{ticketId}",
                $"Ticket {ticket.Number} is {ticket.Status}; it cannot be {what} (only when {string.Join(" or ", from)}).");
        }
        using var span = VisitTrace.Continue(ticket.TraceParent, $"ticket {what}");
        span?.SetTag("servicehall.ticket_id", ticket.TicketId);
        change(ticket, time.GetUtcNow());
        ticket.Revision++;
        await db.SaveRevisedAsync("Ticket", ticket.Number, cancellationToken);
        return ticket;
    }

    /// <summary>The day's next ticket number, atomically (PostgreSQL and SQLite both upsert with RETURNING).</summary>
    private async Task<int> NextNumberAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var key = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO ticket_counters ("DayKey", "Last") VALUES ({key}, 1)
            ON CONFLICT ("DayKey") DO UPDATE SET "Last" = ticket_counters."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(cancellationToken);
        return numbers[0];
    }

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, Math.Round(span.TotalSeconds));

    private static RuleRefusedException Refused(string rule, string subject, string message) =>
        new RuleRefusedException(message, [(rule, subject, message)]);
}
