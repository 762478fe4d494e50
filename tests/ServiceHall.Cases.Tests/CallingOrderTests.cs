using ServiceHall.Cases.Domain;

namespace ServiceHall.Cases.Tests;

public sealed class CallingOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private static Ticket Ticket(string number, string item, int minute, string? transferredTo = null,
        TicketStatus status = TicketStatus.Waiting) => new()
    {
        TicketId = "t-" + number, RequestId = "r-" + number, Number = number, ItemId = item, Day = new DateOnly(2026, 11, 25),
        TakenAt = T0.AddMinutes(minute), QueuedAt = T0.AddMinutes(minute), Status = status,
        TransferredToWindowId = transferredTo,
    };

    private static readonly HashSet<string> Offered = ["item-a", "item-b"];

    [Fact]
    public void A_window_calls_the_oldest_ticket_for_an_item_it_offers()
    {
        Ticket[] queue = [Ticket("A003", "item-a", 3), Ticket("C001", "item-c", 0), Ticket("B002", "item-b", 2)];

        Assert.Equal("B002", CallingOrder.Next(queue, "w-1", Offered)?.Number);
    }

    [Fact]
    public void A_ticket_transferred_to_the_window_comes_first_and_others_transfers_are_not_its_to_call()
    {
        Ticket[] queue =
        [
            Ticket("A001", "item-a", 0), Ticket("C009", "item-c", 9, transferredTo: "w-1"),
            Ticket("A000", "item-a", -1, transferredTo: "w-2"),
        ];

        Assert.Equal("C009", CallingOrder.Next(queue, "w-1", Offered)?.Number);
        Assert.Equal("A000", CallingOrder.Next(queue, "w-2", new HashSet<string>())?.Number);
    }

    [Fact]
    public void Tickets_called_served_or_finished_are_not_called_and_an_empty_queue_gives_none()
    {
        Ticket[] queue = [Ticket("A001", "item-a", 0, status: TicketStatus.Called), Ticket("A002", "item-a", 1, status: TicketStatus.NoShow)];

        Assert.Null(CallingOrder.Next(queue, "w-1", Offered));
    }
}
