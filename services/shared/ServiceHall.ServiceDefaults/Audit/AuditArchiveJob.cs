using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// Keeps audit records at least <c>Audit:Retention</c> (default and minimum 180 days: 网络安全法 art. 21 asks six months),
/// then moves them out of the database, never silently: the oldest records past the retention, in sequence order, a
/// stretch of at most <c>Audit:ArchiveBatchSize</c> at a time, are written to a file in <c>Audit:ArchiveFolder</c>
/// (<c>&lt;service&gt;-audit-&lt;first&gt;-&lt;last&gt;.jsonl</c>: one record per line, then the stretch's mark with the
/// previous hash it starts from and its head hash), flushed to disk, and only then marked archived and deleted in one
/// transaction. A crash in between writes the same file again on the next run. Daily (<c>Audit:ArchiveInterval</c>), on
/// one instance at a time. Without an archive folder nothing is archived and nothing deleted.
/// </summary>
public sealed partial class AuditArchiveJob<TContext>(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, AuditChains chains,
    ILogger<AuditArchiveJob<TContext>> logger)
    : LeasedJob<TContext>(scopes, time, logger)
    where TContext : ServiceDbContext
{
    public const string FolderKey = "Audit:ArchiveFolder";
    public const string IntervalKey = "Audit:ArchiveInterval";
    public const string BatchSizeKey = "Audit:ArchiveBatchSize";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override string LeaseName => "audit-archive";

    protected override TimeSpan Interval => configuration.GetValue(IntervalKey, TimeSpan.FromDays(1));

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var folder = configuration[FolderKey]!;
        var service = chains.All.First(c => c.ContextType == typeof(TContext)).Service;
        var batchSize = Math.Clamp(configuration.GetValue(BatchSizeKey, 10_000), 1, 1_000_000);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cutoff = now - AuditRetention.From(configuration);
        var archived = 0;
        // Archived records are deleted as the schema's owner when there is one: the service's own role may not.
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        services.GetRequiredService<DatabaseOwner<TContext>>().ApplyTo(db);
        using (SuppressInstrumentationScope.Begin()) // housekeeping is nobody's trace
        {
            while (!cancellationToken.IsCancellationRequested &&
                   await ArchiveStretchAsync(db, service, folder, now, cutoff, batchSize, cancellationToken) is var count and > 0)
                archived += count;
        }
        return archived;
    }

    private async Task<int> ArchiveStretchAsync(TContext db, string service, string folder, DateTimeOffset now,
        DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        // The oldest records in sequence order, up to the first one still inside the retention: a stretch has no gaps.
        var oldest = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).Take(batchSize).ToListAsync(cancellationToken);
        var stretch = oldest.TakeWhile(r => r.RecordedAt < cutoff).ToList();
        if (stretch.Count == 0)
            return 0;
        var (first, last) = (stretch[0], stretch[^1]);
        var name = $"{service}-audit-{first.Sequence:D12}-{last.Sequence:D12}.jsonl";
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await using var writer = new StreamWriter(file);
            foreach (var record in stretch)
                await writer.WriteLineAsync(JsonSerializer.Serialize(record, Json));
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                archive = new
                {
                    service, first = first.Sequence, last = last.Sequence, previousHash = first.PreviousHash,
                    headHash = last.Hash, records = stretch.Count,
                },
            }, Json));
            await writer.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        string sha256;
        await using (var written = File.OpenRead(path))
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, cancellationToken));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AuditArchives.Add(new AuditArchive
        {
            ArchivedThrough = last.Sequence, FirstSequence = first.Sequence, HeadHash = last.Hash,
            PreviousHash = first.PreviousHash, File = name, FileSha256 = sha256,
            ArchivedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        var deleted = await db.AuditRecords.Where(r => r.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogArchived(logger, service, first.Sequence, last.Sequence, deleted, name);
        return stretch.Count;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Audit records {First}-{Last} of {Service} archived to {File} ({Deleted} removed from the table)")]
    private static partial void LogArchived(ILogger logger, string service, long first, long last, int deleted, string file);
}

/// <summary>How long audit records stay in the database: <c>Audit:Retention</c>, at least (and by default) 180 days.</summary>
public static class AuditRetention
{
    public const string Key = "Audit:Retention";

    /// <summary>The shortest retention the law allows (six months).</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromDays(180);

    /// <summary>The retention from configuration; a host refuses to start with less than <see cref="Minimum"/>.</summary>
    public static TimeSpan From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var retention = configuration.GetValue(Key, Minimum);
        return retention >= Minimum
            ? retention
            : throw new InvalidOperationException(
                $"{Key} is {retention.TotalDays:F0} days; audit records are kept at least 180 days (网络安全法 art. 21).");
    }
}
