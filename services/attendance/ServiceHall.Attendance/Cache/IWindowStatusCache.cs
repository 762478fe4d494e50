using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// The live window status for the wall: Redis in distributed mode, process memory in standalone mode. It is a cache,
/// never the truth: the database is, and a read falls back to it whenever the cache misses or is unreachable.
/// </summary>
public interface IWindowStatusCache
{
    /// <summary>The cached status, or null on a miss. Throws when the cache is unreachable.</summary>
    Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the status read from the database at <paramref name="loadedAt"/>, unless the cache already holds one
    /// read later: two refreshes that finish in the other order (or a write the client replays after a reconnect)
    /// never leave the older status behind. Throws when the cache is unreachable.
    /// </summary>
    Task SetAsync(WindowStatus status, DateTimeOffset loadedAt, CancellationToken cancellationToken);
}
