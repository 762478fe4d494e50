namespace ServiceHall.Attendance.Domain;

/// <summary>
/// What a window is doing, as the cases service reports it through events: serving a ticket, paused with a reason, or
/// idle. Events may arrive late, twice or out of order; each is applied only when it is newer than the last one applied
/// (<see cref="ChangedAt"/>), so the wall ends where the window really is.
/// </summary>
public sealed class WindowActivity
{
    public required string WindowId { get; init; }

    public string? ServingTicketId { get; private set; }

    public DateTimeOffset? ServingSince { get; private set; }

    public string? PausedReason { get; private set; }

    public DateTimeOffset? PausedSince { get; private set; }

    /// <summary>When the last applied event happened.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    public bool Started(string ticketId, DateTimeOffset at) => Apply(at, () =>
    {
        (ServingTicketId, ServingSince) = (ticketId, at);
        (PausedReason, PausedSince) = (null, null);
    });

    /// <summary>Finishing a ticket other than the one being served changes nothing.</summary>
    public bool Finished(string ticketId, DateTimeOffset at) =>
        (ServingTicketId is null || ServingTicketId == ticketId) && Apply(at, () => (ServingTicketId, ServingSince) = (null, null));

    public bool Paused(string reason, DateTimeOffset at) => Apply(at, () =>
    {
        (PausedReason, PausedSince) = (reason, at);
        (ServingTicketId, ServingSince) = (null, null);
    });

    public bool Resumed(DateTimeOffset at) => Apply(at, () => (PausedReason, PausedSince) = (null, null));

    private bool Apply(DateTimeOffset at, Action change)
    {
        if (at < ChangedAt)
            return false;
        change();
        ChangedAt = at;
        return true;
    }
}
