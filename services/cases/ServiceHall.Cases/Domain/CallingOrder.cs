namespace ServiceHall.Cases.Domain;

/// <summary>
/// 叫号: which waiting ticket a window calls next. Tickets transferred to this window come first (the citizen has waited
/// already), then tickets for the items the window offers, each group in the order they entered the queue; tickets
/// transferred to another window are not this window's to call.
/// </summary>
public static class CallingOrder
{
    public static Ticket? Next(IEnumerable<Ticket> tickets, string windowId, IReadOnlySet<string> itemsOffered)
    {
        ArgumentNullException.ThrowIfNull(itemsOffered);
        return tickets
            .Where(t => t.Status == TicketStatus.Waiting)
            .Where(t => t.TransferredToWindowId == windowId ||
                        (t.TransferredToWindowId is null && itemsOffered.Contains(t.ItemId)))
            .OrderBy(t => t.TransferredToWindowId == windowId ? 0 : 1)
            .ThenBy(t => t.QueuedAt)
            .ThenBy(t => t.Number, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
