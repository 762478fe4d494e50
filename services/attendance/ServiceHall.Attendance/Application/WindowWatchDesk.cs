using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Cache;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// One watcher of the live window wall: the hall's windows from the database, then every announced change. The feed
/// is subscribed before the snapshot is read, so no change falls between the two. While the feed is unavailable
/// (Redis down), the database is re-read every few seconds and only what changed is sent.
/// </summary>
public sealed partial class WindowWatchDesk(WindowStatusDesk statuses, IWindowStatusFeed feed, ILogger<WindowWatchDesk> logger)
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(3);

    public async Task RunAsync(string hallId, Func<WindowStatus, bool, Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var updates = Channel.CreateUnbounded<WindowStatus>(new UnboundedChannelOptions { SingleReader = true });
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
                            await SendIfChangedAsync(status, seen, send);
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

    private async Task PumpAsync(string hallId, ChannelWriter<WindowStatus> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var status in feed.SubscribeAsync(hallId, cancellationToken))
                writer.TryWrite(status);
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
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Window status feed of hall {HallId} unavailable ({ErrorType}); the watch re-reads the database")]
    private partial void LogFeedUnavailable(string hallId, string errorType);
}
