using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Cache;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// One watcher of the live window wall: the hall's windows from the database, then every announced change. The feed
/// is subscribed before the snapshot is read, so no change falls between the two. While the feed is unavailable
/// (Redis down), the database is re-read every few seconds and only what changed is sent. The changes waiting for one
/// watcher are bounded (<see cref="WatchOptions.QueueLength"/>): a watcher that falls that far behind is dropped with
/// <see cref="LimitReachedException"/> (RESOURCE_EXHAUSTED), never buffered without end.
/// </summary>
public sealed partial class WindowWatchDesk(WindowStatusDesk statuses, IWindowStatusFeed feed,
    IOptions<WatchOptions> options, ILogger<WindowWatchDesk> logger)
{
    private static readonly TimeSpan RetryAfterDropped = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(3);

    public async Task RunAsync(string hallId, Func<WindowStatus, bool, Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var queueLength = Math.Max(1, options.Value.QueueLength);
        var updates = Channel.CreateBounded<WindowStatus>(new BoundedChannelOptions(queueLength)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(hallId, updates.Writer, stop.Token);
        var seen = new Dictionary<string, WindowStatus>(StringComparer.Ordinal);
        try
        {
            foreach (var status in await statuses.LoadAllAsync(cancellationToken))
            {
                seen[status.WindowId] = status;
                await send(status, true);
            }

            Task<bool>? next = null;
            var feedEnded = false;
            var clockChecked = System.Diagnostics.Stopwatch.GetTimestamp();
            while (!cancellationToken.IsCancellationRequested)
            {
                ThrowIfFellBehind(pump, queueLength);
                if (System.Diagnostics.Stopwatch.GetElapsedTime(clockChecked) >= ResyncInterval)
                {
                    // Service hours begin and end with nobody doing anything: empty windows turn unstaffed or closed.
                    clockChecked = System.Diagnostics.Stopwatch.GetTimestamp();
                    foreach (var status in seen.Values.ToList())
                        await SendIfChangedAsync(statuses.AsOfNow(status), seen, send);
                }
                // One pending read at a time; a re-sync tick does not abandon it.
                next ??= updates.Reader.WaitToReadAsync(cancellationToken).AsTask();
                // Pacing of the fallback, not a rule: real time.
                var resync = Task.Delay(ResyncInterval, cancellationToken);
                if (await Task.WhenAny(next, resync) == next)
                {
                    var more = await next;
                    next = null;
                    if (more)
                    {
                        while (updates.Reader.TryRead(out var status))
                        {
                            await SendIfChangedAsync(status, seen, send);
                            ThrowIfFellBehind(pump, queueLength);
                        }
                        continue;
                    }
                    feedEnded = true;
                }
                if (feedEnded || !feed.IsAvailable)
                {
                    // The feed ended or cannot be trusted: the database is the truth.
                    foreach (var status in await statuses.LoadAllAsync(cancellationToken))
                        await SendIfChangedAsync(status, seen, send);
                    if (feedEnded)
                        await resync;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    private static async Task SendIfChangedAsync(WindowStatus status, Dictionary<string, WindowStatus> seen,
        Func<WindowStatus, bool, Task> send)
    {
        if (!status.DiffersFrom(seen.GetValueOrDefault(status.WindowId)))
            return;
        seen[status.WindowId] = status;
        await send(status, false);
    }

    private static void ThrowIfFellBehind(Task<bool> pump, int queueLength)
    {
        if (pump is { IsCompletedSuccessfully: true, Result: true })
        {
            throw new LimitReachedException(
                $"This window wall fell {queueLength} changes behind and was dropped; reconnect for a fresh snapshot.",
                RetryAfterDropped);
        }
    }

    /// <summary>Moves the feed into the queue; true when the watcher fell behind (the queue was full).</summary>
    private async Task<bool> PumpAsync(string hallId, ChannelWriter<WindowStatus> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var status in feed.SubscribeAsync(hallId, cancellationToken))
            {
                if (!writer.TryWrite(status))
                {
                    LogWatcherDropped(hallId);
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFeedUnavailable(hallId, ex.GetType().Name);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            writer.TryComplete();
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A watcher of hall {HallId}'s window wall fell behind and was dropped")]
    private partial void LogWatcherDropped(string hallId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Window status feed of hall {HallId} unavailable ({ErrorType}); the watch re-reads the database")]
    private partial void LogFeedUnavailable(string hallId, string errorType);
}
