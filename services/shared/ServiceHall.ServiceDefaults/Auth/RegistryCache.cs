using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A row the staff or client registry answers from (a staff member, their roles, the hall duty, a machine client, or a
/// service's copy of them): saving one forgets every cached registry answer of the process (<see cref="RegistryCache"/>).
/// </summary>
public interface IRegistryRecord;

/// <summary>
/// The registry's answers, kept for a moment (<see cref="AuthOptions.RegistryCacheTime"/>, default one second) so that
/// a caller sending hundreds of calls a second costs one registry look-up a second, not one a call. A change to the
/// registry saved in this process forgets them all once it is committed (so the change counts
/// from the next call here, as before); a change made by another instance, or reaching a service's copy over the bus,
/// counts within that moment. An answer is also not used once the service's clock (which tests may move) is that far
/// from when it was cached: the day's duty leader follows the day.
/// </summary>
public sealed class RegistryCache(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxEntries = 50_000;
    private static long s_version;
    private readonly ConcurrentDictionary<string, Entry<RegistryEntry>> _staff = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<ClientEntry>> _clients = new(StringComparer.Ordinal);

    /// <summary>Forgets every cached answer (of every registry of the process: the standalone host has one).</summary>
    public static void Changed() => Interlocked.Increment(ref s_version);

    public Task<RegistryEntry?> FindAsync(string staffId, Func<string, Task<RegistryEntry?>> find) =>
        GetAsync(_staff, staffId, find);

    public Task<ClientEntry?> FindClientAsync(string clientId, Func<string, Task<ClientEntry?>> find) =>
        GetAsync(_clients, clientId, find);

    private async Task<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, Task<T?>> find)
        where T : class
    {
        var keepFor = options.Value.RegistryCacheTime;
        if (keepFor <= TimeSpan.Zero)
            return await find(key);
        var version = Volatile.Read(ref s_version);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Version == version &&
            Stopwatch.GetElapsedTime(cached.CachedAt) < keepFor && (now - cached.ClockAt).Duration() < keepFor)
        {
            return cached.Value;
        }
        var value = await find(key);
        if (cache.Count >= MaxEntries)
            cache.Clear();
        // Cached under the version read before the look-up: a change saved meanwhile makes it stale at once.
        cache[key] = new Entry<T>(value, version, Stopwatch.GetTimestamp(), now);
        return value;
    }

    private sealed record Entry<T>(T? Value, long Version, long CachedAt, DateTimeOffset ClockAt);
}

/// <summary>
/// Tells <see cref="RegistryCache"/> when a registry row was saved: after the save when no transaction is open, else at
/// the commit (a look-up before then read the row as it was, and is forgotten then). Which contexts changed a registry
/// row is known from their change tracker's own events (<see cref="Data.ServiceDbContext.RegistryChanged"/>), so a save
/// costs no extra pass over what the context tracks.
/// </summary>
internal sealed class RegistryChangeInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Saved(DbContext? context)
    {
        if (context is Data.ServiceDbContext { RegistryChanged: true } db && db.Database.CurrentTransaction is null)
        {
            db.RegistryChanged = false;
            RegistryCache.Changed();
        }
    }

    private static void Committed(DbContext? context)
    {
        if (context is Data.ServiceDbContext { RegistryChanged: true } db)
        {
            db.RegistryChanged = false;
            RegistryCache.Changed();
        }
    }
}
