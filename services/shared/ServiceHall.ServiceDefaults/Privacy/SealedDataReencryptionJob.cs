using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>
/// After a key rotation, moves every sealed value and look-up hash of the service to the current key
/// (<c>Privacy:CurrentKeyId</c>), a batch at a time, on one instance at a time (a leased job). A pass that found
/// nothing left to move ends the job's work until the service restarts: new values are sealed with the current key
/// anyway. When the log says a pass moved nothing and found nothing unreadable, older keys can leave the ring.
/// </summary>
public sealed partial class SealedDataReencryptionJob<TContext>(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time,
    ILogger<SealedDataReencryptionJob<TContext>> logger)
    : LeasedJob<TContext>(scopes, time, logger)
    where TContext : ServiceDbContext
{
    public const string IntervalKey = "Privacy:ReencryptInterval";
    public const string BatchSizeKey = "Privacy:ReencryptBatchSize";

    private bool _done;

    protected override string LeaseName => "personal-data-reencryption";

    protected override TimeSpan Interval => configuration.GetValue(IntervalKey, TimeSpan.FromMinutes(10));

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (_done)
            return 0;
        var batchSize = Math.Clamp(configuration.GetValue(BatchSizeKey, 200), 1, 10_000);
        var currentKey = services.GetRequiredService<PersonalDataProtector>().CurrentKeyId;
        var (moved, damaged, conflicted) = (0, 0, false);
        using (SuppressInstrumentationScope.Begin()) // housekeeping is nobody's trace
        {
            foreach (var mover in services.GetServices<ISealedDataMover<TContext>>())
            {
                string? after = null;
                do
                {
                    var progress = await mover.MoveAsync(after, batchSize, cancellationToken);
                    (after, moved, damaged) = (progress.Last, moved + progress.Moved, damaged + progress.Damaged);
                    conflicted |= progress.Conflicted;
                    if (progress.Damaged > 0)
                        LogDamaged(logger, mover.Table, progress.Damaged);
                }
                while (after is not null);
            }
        }
        LogPass(logger, currentKey, moved, damaged);
        _done = moved == 0 && !conflicted;
        return moved;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Re-encryption pass to key {KeyId}: {Moved} records moved, {Damaged} unreadable")]
    private static partial void LogPass(ILogger logger, string keyId, int moved, int damaged);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Re-encryption: {Count} records of {Table} cannot be opened with any key of the ring and were left as they are")]
    private static partial void LogDamaged(ILogger logger, string table, int count);
}
