using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Publishes the pending outbox rows of one database, oldest first, and marks each sent once the broker confirmed it
/// (publisher confirms), or in standalone mode once its consumers committed (<see cref="IEventPublisher"/>). A failed publish stops the batch and is retried with backoff until it succeeds, so nothing
/// written is ever lost; a crash between publish and mark re-publishes, and consumers' inboxes absorb the duplicate.
/// In PostgreSQL, rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several instances share the work.
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IEventPublisher publisher,
    OutboxSignal<TContext> signal,
    TimeProvider time,
    FaultPoints faults,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            BatchResult result;
            try
            {
                result = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(typeof(TContext).Name, ex.GetType().Name, ex.Message);
                result = new BatchResult(0, Failed: true);
            }
            catch (Exception)
            {
                return; // stopping: a publish interrupted by the shutdown is sent again at the next start
            }

            try
            {
                if (result.Failed)
                {
                    failures++;
                    var backoff = TimeSpan.FromMilliseconds(
                        Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
                    // Pacing of a retry loop, not a domain rule: real time even when tests fake the clock.
                    await Task.Delay(backoff, stoppingToken);
                    continue;
                }
                failures = 0;
                if (result.Published < BatchSize)
                    await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<BatchResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var isPostgres = db.Database.IsNpgsql();
        // PostgreSQL: claim rows in a transaction so concurrent instances skip each other's rows.
        // SQLite (standalone, one process): no long write transaction, which would block the requests.
        await using var transaction = isPostgres ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        List<OutboxMessage> batch;
        // Polling is not worth a trace a second per service: only the publishes (children of the requests that wrote
        // the events) are traced.
        using (SuppressInstrumentationScope.Begin())
        {
            batch = isPostgres
                ? await db.Outbox.FromSql($"""
                    SELECT * FROM outbox_messages WHERE "SentAt" IS NULL
                    ORDER BY "Sequence" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                    """).ToListAsync(cancellationToken)
                : await db.Outbox.Where(m => m.SentAt == null).OrderBy(m => m.Sequence).Take(BatchSize)
                    .ToListAsync(cancellationToken);
        }
        if (batch.Count == 0)
            return new BatchResult(0, Failed: false);

        var published = 0;
        var failed = false;
        foreach (var row in batch)
        {
            row.Attempts++;
            faults.CrashIf(FaultPoints.CrashBeforePublish, row.EventType);
            try
            {
                await PublishAsync(row, cancellationToken);
                row.SentAt = time.GetUtcNow();
                row.LastError = null;
                published++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.LastError = $"{ex.GetType().Name}: {ex.Message}";
                if (row.LastError.Length > 2000)
                    row.LastError = row.LastError[..2000];
                if (publisher.SetAsideAfterAttempts is { } limit && row.Attempts >= limit)
                {
                    // A consumer fails on it every time (standalone): set it aside, as RabbitMQ's error queue would,
                    // rather than hold back every later event. The row keeps the error for the operators.
                    row.SentAt = time.GetUtcNow();
                    var reason = "set aside: " + row.LastError;
                    row.LastError = reason.Length > 2000 ? reason[..2000] : reason;
                    LogSetAside(row.EventType, row.Id, row.Attempts, ex.GetType().Name);
                    continue;
                }
                LogPublishFailed(row.EventType, row.Id, row.Attempts, ex.Message);
                failed = true;
                break; // keep order: later rows wait for this one
            }
        }

        using (SuppressInstrumentationScope.Begin())
        {
            await db.SaveChangesAsync(CancellationToken.None);
            if (transaction is not null)
                await transaction.CommitAsync(CancellationToken.None);
        }
        foreach (var row in batch.Where(r => r.SentAt is not null))
            faults.CrashIf(FaultPoints.CrashAfterPublish, row.EventType);
        return new BatchResult(published, failed);
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (!EventTypes.TryResolve(row.EventType, out var type))
            throw new InvalidOperationException($"Unknown event type '{row.EventType}' (newer build wrote it?)");
        var message = JsonSerializer.Deserialize(row.Payload, type, ServiceDbContext.EventJson)
                      ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty payload.");

        // Continue the trace of the request that wrote the event.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = ServiceHallTelemetry.Outbox.StartActivity(
            $"outbox publish {row.EventType}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("servicehall.event_type", row.EventType);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await publisher.PublishAsync(message, type, row.Id, timeout.Token);
    }

    private readonly record struct BatchResult(int Published, bool Failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox publish of {EventType} {EventId} failed (attempt {Attempts}): {Reason}")]
    private partial void LogPublishFailed(string eventType, Guid eventId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {EventType} {EventId} set aside after {Attempts} failed attempts ({ErrorType}); see its row's LastError")]
    private partial void LogSetAside(string eventType, Guid eventId, int attempts, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Context} failed: {ErrorType} {Reason}")]
    private partial void LogBatchFailed(string context, string errorType, string reason);
}
