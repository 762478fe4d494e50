using System.Collections.Concurrent;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Cache;

/// <summary>Window status in process memory, for the standalone host (one process, no Redis).</summary>
public sealed class InMemoryWindowStatusCache : IWindowStatusCache
{
    private readonly ConcurrentDictionary<string, (WindowStatus Status, DateTimeOffset LoadedAt)> _statuses =
        new(StringComparer.Ordinal);

    public Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken) =>
        Task.FromResult(_statuses.TryGetValue(windowId, out var entry) ? entry.Status : null);

    public Task SetAsync(WindowStatus status, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses.AddOrUpdate(status.WindowId, (status, loadedAt),
            (_, current) => current.LoadedAt > loadedAt ? current : (status, loadedAt));
        return Task.CompletedTask;
    }
}
