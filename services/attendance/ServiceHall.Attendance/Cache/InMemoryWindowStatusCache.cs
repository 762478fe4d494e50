using System.Collections.Concurrent;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Cache;

/// <summary>Window status in process memory, for the standalone host (one process, no Redis).</summary>
public sealed class InMemoryWindowStatusCache : IWindowStatusCache
{
    private readonly ConcurrentDictionary<string, WindowStatus> _statuses = new(StringComparer.Ordinal);

    public Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken) =>
        Task.FromResult(_statuses.GetValueOrDefault(windowId));

    public Task SetAsync(WindowStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses[status.WindowId] = status;
        return Task.CompletedTask;
    }
}
