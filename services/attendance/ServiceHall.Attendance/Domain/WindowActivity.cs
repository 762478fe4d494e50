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

    /// <summary>
    /// A window serves one ticket at a time, so a finish (or transfer away) at <paramref name="at"/> means the window
    /// was idle from then on, whichever ticket the wall showed: the start of that ticket, or the finish of the one
    /// before, may still be on its way (redelivered late after a broker restart). Only time orders the events.
    /// </summary>
    public bool Finished(string ticketId, DateTimeOffset at) =>
        Apply(at, () => (ServingTicketId, ServingSince) = (null, null));

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
