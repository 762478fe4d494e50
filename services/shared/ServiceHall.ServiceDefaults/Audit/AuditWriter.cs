using System.Collections.Concurrent;
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
/// Appends records to a service's chain, one at a time: within the process by a lock per chain, across instances by a
/// transaction-scoped PostgreSQL advisory lock (SQLite has one writer anyway), so every record follows the one before.
/// A record is written in a transaction of its own once the call has its outcome.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, TimeProvider time, WorkCalendar calendar)
{
    /// <summary>The advisory lock key of the audit chain (each service has its own database).</summary>
    private const long ChainLock = 0x5348_4155_4449_54; // "SHAUDIT"

    private readonly ConcurrentDictionary<Type, SemaphoreSlim> _locks = new();

    public async Task<AuditRecord> AppendAsync(Type contextType, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        ArgumentNullException.ThrowIfNull(entry);
        using var quiet = SuppressInstrumentationScope.Begin(); // the audit write is not part of the caller's trace
        var gate = _locks.GetOrAdd(contextType, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(contextType);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", cancellationToken);
            var last = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence)
                .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
            var now = time.GetUtcNow();
            // Milliseconds: what both databases keep exactly, so the hash of what is read back is the hash written.
            now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            var draft = new AuditRecord
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                RecordedAt = now,
                HallTime = TimeZoneInfo.ConvertTime(now, calendar.TimeZone)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture),
                Subject = Cut(entry.Subject, 128), ClientId = Cut(entry.ClientId, 128), Roles = Cut(entry.Roles, 300),
                Peer = Cut(entry.Peer, 100), Service = entry.Service, Method = Cut(entry.Method, 200),
                ObjectIds = Cut(string.Join('\n', entry.ObjectIds), 4000), Kind = entry.Kind, Outcome = entry.Outcome,
                RequestId = Cut(entry.RequestId, 100), TraceId = Cut(entry.TraceId, 32),
                PreviousHash = last?.Hash ?? AuditChain.Genesis, Hash = "",
            };
            var record = new AuditRecord
            {
                Sequence = draft.Sequence, RecordedAt = draft.RecordedAt, HallTime = draft.HallTime, Subject = draft.Subject,
                ClientId = draft.ClientId, Roles = draft.Roles, Peer = draft.Peer, Service = draft.Service,
                Method = draft.Method, ObjectIds = draft.ObjectIds, Kind = draft.Kind, Outcome = draft.Outcome,
                RequestId = draft.RequestId, TraceId = draft.TraceId, PreviousHash = draft.PreviousHash,
                Hash = AuditChain.HashOf(draft),
            };
            db.AuditRecords.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return record;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every record of the chain, in order (for verification).</summary>
    public async Task<AuditVerification> VerifyAsync(Type contextType, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(contextType);
        return await AuditChain.VerifyAsync(db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(),
            cancellationToken);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
