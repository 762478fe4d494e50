using Microsoft.Extensions.Options;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>How many live window walls (<c>WatchWindows</c> streams) one instance carries.</summary>
public sealed class WatchOptions
{
    public const string Section = "Attendance:Watch";

    /// <summary>Streams one caller (a token's subject) may hold open at once: a wall display needs one or two.</summary>
    public int PerCaller { get; set; } = 5;

    /// <summary>Streams in all on this instance.</summary>
    public int Total { get; set; } = 500;

    /// <summary>
    /// Changes waiting to be sent to one watcher. A watcher that falls this far behind (a stalled display, a client that
    /// stopped reading) is dropped with RESOURCE_EXHAUSTED rather than buffered without end; it reconnects for a fresh
    /// snapshot.
    /// </summary>
    public int QueueLength { get; set; } = 1000;
}

/// <summary>
/// Counts the open <c>WatchWindows</c> streams per caller and in all; one more than allowed is
/// <see cref="LimitReachedException"/> (RESOURCE_EXHAUSTED, with when to try again) and opens nothing.
/// </summary>
public sealed class WatchLimits(IOptions<WatchOptions> options)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>A slot for one stream of <paramref name="caller"/>, given back when disposed.</summary>
    public IDisposable Enter(string caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        lock (_lock)
        {
            var held = _byCaller.GetValueOrDefault(caller);
            if (held >= limits.PerCaller)
            {
                throw new LimitReachedException(
                    $"At most {limits.PerCaller} window walls are watched by one caller at once; close one first.", RetryAfter);
            }
            if (_total >= limits.Total)
                throw new LimitReachedException($"This instance carries {limits.Total} window walls already.", RetryAfter);
            _byCaller[caller] = held + 1;
            _total++;
        }
        return new Slot(this, caller);
    }

    private void Leave(string caller)
    {
        lock (_lock)
        {
            _total--;
            if (_byCaller[caller] <= 1)
                _byCaller.Remove(caller);
            else
                _byCaller[caller]--;
        }
    }

    private sealed class Slot(WatchLimits limits, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                limits.Leave(caller);
        }
    }
}
