using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// Announces window status changes to every watcher of a hall, across all instances of the attendance service:
/// Redis pub/sub in distributed mode, in-process in standalone mode. Best effort: a watcher that may have missed
/// announcements (the feed is down) re-reads the database.
/// </summary>
public interface IWindowStatusFeed
{
    /// <summary>False while announcements cannot be relied on (Redis unreachable).</summary>
    bool IsAvailable { get; }

    /// <summary>Announces a status; throws when the feed is unreachable.</summary>
    Task PublishAsync(string hallId, WindowStatus status, CancellationToken cancellationToken);

    /// <summary>The statuses announced for a hall from now on, until cancelled.</summary>
    IAsyncEnumerable<WindowStatus> SubscribeAsync(string hallId, CancellationToken cancellationToken);
}
