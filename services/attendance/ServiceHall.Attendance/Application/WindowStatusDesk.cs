using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Cache;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Reads a window's live status from the cache and falls back to the database on a miss or when the cache is down:
/// a reader never gets an error because Redis is away. Writes to the cache are best effort for the same reason.
/// </summary>
public sealed partial class WindowStatusDesk(
    AttendanceDbContext db, IWindowStatusCache cache, IWindowStatusFeed feed, IOptions<HallOptions> hall,
    WorkCalendar calendar, TimeProvider time, ILogger<WindowStatusDesk> logger)
{
    /// <summary>A status as it stands now: an empty open window is unstaffed in service hours, closed outside.</summary>
    public WindowStatus AsOfNow(WindowStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.AsOf(calendar.IsServiceTime(time.GetUtcNow()));
    }

    /// <summary>The status, or null when the window does not exist.</summary>
    public async Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken)
    {
        var cacheAvailable = true;
        try
        {
            if (await cache.GetAsync(windowId, cancellationToken) is { } cached)
                return AsOfNow(cached);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cacheAvailable = false;
            LogCacheUnavailable(windowId, ex.GetType().Name);
        }

        using var activity = ServiceHallTelemetry.Domain.StartActivity("window status from database");
        activity?.SetTag("servicehall.window_id", windowId);
        activity?.SetTag("servicehall.cache_available", cacheAvailable);
        var loadedAt = time.GetUtcNow();
        var status = await LoadAsync(windowId, cancellationToken);
        if (status is not null && cacheAvailable)
            await TryCacheAsync(status, loadedAt, cancellationToken);
        return status;
    }

    /// <summary>
    /// After a committed change: reloads the status from the database, writes it to the cache and announces it to
    /// the hall's watchers.
    /// </summary>
    public async Task RefreshAsync(string windowId, CancellationToken cancellationToken)
    {
        var loadedAt = time.GetUtcNow();
        if (await LoadAsync(windowId, cancellationToken) is not { } status)
            return;
        await TryCacheAsync(status, loadedAt, cancellationToken);
        try
        {
            await feed.PublishAsync(hall.Value.HallId, status, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAnnounceFailed(windowId, ex.GetType().Name);
        }
    }

    /// <summary>Every window of the hall, from the database.</summary>
    public async Task<IReadOnlyList<WindowStatus>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var windows = await db.Windows.AsNoTracking().OrderBy(w => w.WindowId).ToListAsync(cancellationToken);
        var today = TodayStart();
        var posts = (await db.Posts.AsNoTracking().Where(p => p.Since >= today).ToListAsync(cancellationToken))
            .ToLookup(p => p.WindowId);
        var activities = await db.WindowActivities.AsNoTracking()
            .ToDictionaryAsync(a => a.WindowId, StringComparer.Ordinal, cancellationToken);
        var serviceTime = calendar.IsServiceTime(time.GetUtcNow());
        return windows.Select(w => WindowStatus.From(w, posts[w.WindowId], activities.GetValueOrDefault(w.WindowId),
            serviceTime)).ToList();
    }

    public async Task<WindowStatus?> LoadAsync(string windowId, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId,
            cancellationToken);
        if (window is null)
            return null;
        var today = TodayStart();
        var posts = await db.Posts.AsNoTracking().Where(p => p.WindowId == windowId && p.Since >= today)
            .ToListAsync(cancellationToken);
        var activity = await db.WindowActivities.AsNoTracking().FirstOrDefaultAsync(a => a.WindowId == windowId,
            cancellationToken);
        return WindowStatus.From(window, posts, activity, calendar.IsServiceTime(time.GetUtcNow()));
    }

    /// <summary>Being on post ends with the day: a post from an earlier day (a forgotten clock-out) is not shown.</summary>
    private DateTimeOffset TodayStart() => calendar.At(calendar.DateOf(time.GetUtcNow()), TimeOnly.MinValue);

    private async Task TryCacheAsync(WindowStatus status, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetAsync(status, loadedAt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCacheWriteFailed(status.WindowId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Window status cache unavailable for {WindowId} ({ErrorType}); answering from the database")]
    private partial void LogCacheUnavailable(string windowId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window status announcement for {WindowId} failed ({ErrorType})")]
    private partial void LogAnnounceFailed(string windowId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window status cache write for {WindowId} failed ({ErrorType})")]
    private partial void LogCacheWriteFailed(string windowId, string errorType);
}
