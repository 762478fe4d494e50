namespace ServiceHall.Attendance.Domain;

/// <summary>The live state of a window on the window wall.</summary>
public enum WindowLiveState
{
    /// <summary>The sign is closed, or nobody is on post outside service hours.</summary>
    Closed = 1,

    /// <summary>Staff on post, nobody being served (open-idle).</summary>
    Open = 2,

    /// <summary>A ticket is being served.</summary>
    Serving = 3,

    /// <summary>Calling paused, with a reason.</summary>
    Paused = 4,

    /// <summary>Service hours, sign open, nobody on post (A5/A16: must not happen).</summary>
    Unstaffed = 5,
}

/// <summary>A snapshot of a window's live status: what the wall shows and the cache holds.</summary>
public sealed record WindowStatus(string WindowId, WindowLiveState State, IReadOnlyList<string> StaffOnPost,
    DateTimeOffset Since, string? ClosedReason = null, string? ServingTicketId = null, string? PausedReason = null)
{
    /// <summary>Whether a watcher that saw <paramref name="other"/> needs this one (lists compared by content).</summary>
    public bool DiffersFrom(WindowStatus? other) =>
        other is null || other.State != State || other.Since != Since || other.ClosedReason != ClosedReason ||
        other.ServingTicketId != ServingTicketId || other.PausedReason != PausedReason ||
        !other.StaffOnPost.SequenceEqual(StaffOnPost);

    /// <summary>
    /// The same status at another moment: an empty window with its sign open is unstaffed in service hours and
    /// closed outside them. Everything else does not depend on the clock.
    /// </summary>
    public WindowStatus AsOf(bool serviceTime) => State switch
    {
        WindowLiveState.Closed when serviceTime && ClosedReason is null && StaffOnPost.Count == 0 =>
            this with { State = WindowLiveState.Unstaffed },
        WindowLiveState.Unstaffed when !serviceTime => this with { State = WindowLiveState.Closed },
        _ => this,
    };

    public static WindowStatus From(Window window, IEnumerable<WindowPost> posts, WindowActivity? activity,
        bool serviceTime)
    {
        ArgumentNullException.ThrowIfNull(window);
        var staff = posts.Select(p => p.StaffId).Order(StringComparer.Ordinal).ToList();
        var since = window.StateChangedAt;
        // A closed sign closes the window whoever is on post.
        if (window.ClosedAt is not null)
            return new WindowStatus(window.WindowId, WindowLiveState.Closed, staff, since, window.ClosedReason);
        if (staff.Count == 0)
        {
            return new WindowStatus(window.WindowId, serviceTime ? WindowLiveState.Unstaffed : WindowLiveState.Closed,
                staff, since);
        }
        if (activity?.PausedReason is { } reason)
        {
            return new WindowStatus(window.WindowId, WindowLiveState.Paused, staff,
                Later(since, activity.PausedSince!.Value), PausedReason: reason);
        }
        if (activity?.ServingTicketId is { } ticket)
        {
            return new WindowStatus(window.WindowId, WindowLiveState.Serving, staff,
                Later(since, activity.ServingSince!.Value), ServingTicketId: ticket);
        }
        return new WindowStatus(window.WindowId, WindowLiveState.Open, staff,
            activity is null ? since : Later(since, activity.ChangedAt));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
