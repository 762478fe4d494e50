using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>What a record says, before it has its place in the chain.</summary>
public sealed record AuditEntry(string Service, string Method, string Kind, string Outcome, string Subject,
    string ClientId, string Roles, string Peer, IReadOnlyList<string> ObjectIds, string RequestId, string TraceId);

/// <summary>
/// Appends records to a service's chain in order: calls hand their entries to one writer per chain, which appends
/// whatever has queued up in one transaction (group commit: under load one lock and one commit for many records) under
/// a transaction-scoped PostgreSQL advisory lock across instances (SQLite has one writer anyway), so every record
/// follows the one before. A call waits until its record is committed; if the batch fails, every call in it fails.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, TimeProvider time, WorkCalendar calendar)
    : IAsyncDisposable, IDisposable
{
    /// <summary>The advisory lock key of the audit chain (each service has its own database).</summary>
    private const long ChainLock = 0x5348_4155_4449_54; // "SHAUDIT"

    /// <summary>The most records one transaction appends.</summary>
    private const int BatchSize = 200;

    private readonly ConcurrentDictionary<Type, ChainQueue> _queues = new();

    public async Task<AuditRecord> AppendAsync(Type contextType, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        ArgumentNullException.ThrowIfNull(entry);
        var queue = _queues.GetOrAdd(contextType, type => new ChainQueue(this, type));
        var pending = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Entries.Writer.TryWrite((entry, pending)))
            throw new InvalidOperationException("The audit writer has stopped.");
        return await pending.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking entries; what is queued is still written (the loops end when they have drained).</summary>
    public void Dispose()
    {
        foreach (var queue in _queues.Values)
            queue.Entries.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Entries.Writer.TryComplete();
            await queue.Loop;
        }
    }

    private sealed class ChainQueue
    {
        public ChainQueue(AuditWriter writer, Type contextType)
        {
            Loop = Task.Run(() => writer.RunAsync(contextType, Entries.Reader));
        }

        public Channel<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Done)> Entries { get; } =
            Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource<AuditRecord>)>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; }
    }

    private async Task RunAsync(Type contextType, ChannelReader<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Done)> reader)
    {
        using var quiet = SuppressInstrumentationScope.Begin(); // the audit write is not part of any caller's trace
        var batch = new List<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Done)>(BatchSize);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < BatchSize && reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                var records = await AppendBatchAsync(contextType, batch.Select(b => b.Entry).ToList());
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(records[i]);
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(ex);
            }
        }
    }

    private async Task<List<AuditRecord>> AppendBatchAsync(Type contextType, List<AuditEntry> entries)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(contextType);
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})");
        var last = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence)
                       .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync()
                   // Every record archived: the chain goes on from the last mark.
                   ?? await db.AuditArchives.AsNoTracking().OrderByDescending(a => a.ArchivedThrough)
                       .Select(a => new { Sequence = a.ArchivedThrough, Hash = a.HeadHash }).FirstOrDefaultAsync();
        var now = time.GetUtcNow();
        // Milliseconds: what both databases keep exactly, so the hash of what is read back is the hash written.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var hallTime = TimeZoneInfo.ConvertTime(now, calendar.TimeZone)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var (sequence, previous) = (last?.Sequence ?? 0, last?.Hash ?? AuditChain.Genesis);
        var records = new List<AuditRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var draft = new AuditRecord
            {
                Sequence = ++sequence, RecordedAt = now, HallTime = hallTime,
                Subject = Cut(entry.Subject, 128), ClientId = Cut(entry.ClientId, 128), Roles = Cut(entry.Roles, 300),
                Peer = Cut(entry.Peer, 100), Service = entry.Service, Method = Cut(entry.Method, 200),
                ObjectIds = Cut(string.Join('\n', entry.ObjectIds), 4000), Kind = entry.Kind, Outcome = entry.Outcome,
                RequestId = Cut(entry.RequestId, 100), TraceId = Cut(entry.TraceId, 32), PreviousHash = previous, Hash = "",
            };
            var record = new AuditRecord
            {
                Sequence = draft.Sequence, RecordedAt = draft.RecordedAt, HallTime = draft.HallTime, Subject = draft.Subject,
                ClientId = draft.ClientId, Roles = draft.Roles, Peer = draft.Peer, Service = draft.Service,
                Method = draft.Method, ObjectIds = draft.ObjectIds, Kind = draft.Kind, Outcome = draft.Outcome,
                RequestId = draft.RequestId, TraceId = draft.TraceId, PreviousHash = draft.PreviousHash,
                Hash = AuditChain.HashOf(draft),
            };
            records.Add(record);
            previous = record.Hash;
        }
        db.AuditRecords.AddRange(records);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return records;
    }

    /// <summary>Every record of the chain, in order (for verification).</summary>
    public async Task<AuditVerification> VerifyAsync(Type contextType, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(contextType);
        // In one snapshot: an archive pass between reading the mark and the records must not look like a gap.
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var mark = await db.AuditArchives.AsNoTracking().OrderByDescending(a => a.ArchivedThrough)
            .Select(a => new { a.ArchivedThrough, a.HeadHash }).FirstOrDefaultAsync(cancellationToken);
        return await AuditChain.VerifyAsync(db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(),
            cancellationToken, mark is null ? null : (mark.ArchivedThrough, mark.HeadHash));
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
