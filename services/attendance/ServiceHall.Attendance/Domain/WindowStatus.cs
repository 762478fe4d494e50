namespace ServiceHall.Attendance.Domain;

/// <summary>The live state of a window on the window wall.</summary>
public enum WindowLiveState
{
    Closed = 1,
    Open = 2,
}

/// <summary>A snapshot of a window's live status: what the wall shows and the cache holds.</summary>
public sealed record WindowStatus(string WindowId, WindowLiveState State, IReadOnlyList<string> StaffOnPost,
    DateTimeOffset Since, string? ClosedReason = null)
{
    /// <summary>Whether a watcher that saw <paramref name="other"/> needs this one (lists compared by content).</summary>
    public bool DiffersFrom(WindowStatus? other) =>
        other is null || other.State != State || other.Since != Since || other.ClosedReason != ClosedReason ||
        !other.StaffOnPost.SequenceEqual(StaffOnPost);

    public static WindowStatus From(Window window, IEnumerable<WindowPost> posts)
    {
        ArgumentNullException.ThrowIfNull(window);
        var staff = posts.Select(p => p.StaffId).Order(StringComparer.Ordinal).ToList();
        // A closed sign closes the window whoever is on post; otherwise it is open while someone is.
        var open = window.ClosedAt is null && staff.Count > 0;
        return new WindowStatus(window.WindowId, open ? WindowLiveState.Open : WindowLiveState.Closed, staff,
            window.StateChangedAt, window.ClosedAt is null ? null : window.ClosedReason);
    }
}
