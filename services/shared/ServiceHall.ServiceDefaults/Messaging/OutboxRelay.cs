using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Publishes the pending outbox rows of one database, a batch of the oldest at once, and marks each sent once the broker confirmed it
/// (publisher confirms), or in standalone mode once its consumers committed (<see cref="IEventPublisher"/>). A failed publish is retried with backoff until it succeeds, so nothing
/// written is ever lost; a crash between publish and mark re-publishes, and consumers' inboxes absorb the duplicate.
/// In PostgreSQL, rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several instances share the work.
/// A publish gets <see cref="OutboxRelayOptions.PublishTimeout"/> and no longer, even if the client ignores its
/// cancellation; when publishes keep timing out while the bus reports itself connected (the signature of a wedged
/// client: consumers receive, nothing leaves), the relay restarts the bus, and if that does not cure it, liveness fails
/// (<see cref="OutboxRelayHealthCheck{TContext}"/>).
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IEventPublisher publisher,
    OutboxSignal<TContext> signal,
    OutboxRelayHealth<TContext> health,
    IOptions<OutboxRelayOptions> options,
    TimeProvider time,
    FaultPoints faults,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly OutboxRelayOptions _options = options.Value;

    /// <summary>The outcome of a row left for the next batch because one before it failed.</summary>
    private static readonly Exception NotAttempted = new InvalidOperationException("not attempted");

    /// <summary>
    /// Rows no queue received (<see cref="EventUnroutableException"/>), by id, with when to try each again (a
    /// <see cref="Stopwatch"/> timestamp: pacing, real time even when tests fake the clock). They stay pending in the
    /// database and are left out of the claim until then, so they neither hold back nor crowd out the other events.
    /// </summary>
    private readonly Dictionary<Guid, (long Due, int Tries)> _unroutable = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var timeouts = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            health.Turned();
            BatchResult result;
            try
            {
                result = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(typeof(TContext).Name, ex.GetType().Name, ex.Message);
                // The database, not the broker: no sign of a wedged publish path, so the liveness state is left alone.
                result = new BatchResult(0, Failed: true, TimedOut: false, PublishError: null);
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
                    if (result.PublishError is { } error)
                        health.Failed(error);
                    timeouts = result.TimedOut ? timeouts + 1 : 0;
                    if (_options.RestartBusAfterTimeouts > 0 && timeouts >= _options.RestartBusAfterTimeouts &&
                        publisher.IsConnected)
                    {
                        timeouts = 0;
                        await RestartBusAsync(stoppingToken);
                    }
                    var backoff = TimeSpan.FromMilliseconds(
                        Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
                    // Pacing of a retry loop, not a domain rule: real time even when tests fake the clock.
                    await Task.Delay(backoff, stoppingToken);
                    continue;
                }
                failures = 0;
                timeouts = 0;
                health.Succeeded();
                if (result.Published < BatchSize)
                    await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Publishes time out on a bus that says it is connected: restart it, so the next attempt runs on a new connection
    /// and new channels. A restart that fails is logged; the relay goes on retrying and liveness reports it in time.
    /// </summary>
    private async Task RestartBusAsync(CancellationToken stoppingToken)
    {
        LogRestartingBus(typeof(TContext).Name, _options.RestartBusAfterTimeouts);
        try
        {
            await publisher.RestartAsync(stoppingToken);
            faults.PublishPathRestarted();
            health.BusRestarted();
            LogBusRestarted(typeof(TContext).Name);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogBusRestartFailed(typeof(TContext).Name, ex.GetType().Name, ex.Message);
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
        var waiting = Waiting();
        // Polling is not worth a trace a second per service: only the publishes (children of the requests that wrote
        // the events) are traced.
        using (SuppressInstrumentationScope.Begin())
        {
            batch = isPostgres
                ? await db.Outbox.FromSql($"""
                    SELECT * FROM outbox_messages WHERE "SentAt" IS NULL AND NOT ("Id" = ANY({waiting}))
                    ORDER BY "Sequence" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                    """).ToListAsync(cancellationToken)
                : await db.Outbox.Where(m => m.SentAt == null && !waiting.Contains(m.Id)).OrderBy(m => m.Sequence)
                    .Take(BatchSize).ToListAsync(cancellationToken);
        }
        if (batch.Count == 0)
            return new BatchResult(0, Failed: false, TimedOut: false, null);

        // The whole batch is published at once (the broker confirms each; one round trip's wait for all of them, not
        // one per row), then each row's outcome is recorded in order. A row that failed stays pending and is sent
        // again; rows after it that the broker confirmed are marked sent (their consumers' inboxes absorb the second
        // copy if the relay dies before this commit).
        var outcomes = new Exception?[batch.Count];
        if (publisher.PublishesConcurrently)
        {
            var publishes = new Task<Exception?>[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Attempts++;
                faults.CrashIf(FaultPoints.CrashBeforePublish, batch[i].EventType);
                publishes[i] = TryPublishAsync(batch[i], cancellationToken);
            }
            outcomes = await Task.WhenAll(publishes);
        }
        else
        {
            // In-process consumers (standalone): one at a time, and a failure holds back the rows after it.
            Array.Fill(outcomes, NotAttempted);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Attempts++;
                faults.CrashIf(FaultPoints.CrashBeforePublish, batch[i].EventType);
                outcomes[i] = await TryPublishAsync(batch[i], cancellationToken);
                if (outcomes[i] is not null and not EventUnroutableException &&
                    !(publisher.SetAsideAfterAttempts is { } limit && batch[i].Attempts >= limit))
                    break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var published = 0;
        var failed = false;
        var timedOut = false;
        string? firstError = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            switch (outcomes[i])
            {
                case var notAttempted when ReferenceEquals(notAttempted, NotAttempted):
                    break;
                case null:
                    row.SentAt = time.GetUtcNow();
                    row.LastError = null;
                    published++;
                    _unroutable.Remove(row.Id);
                    break;
                case EventUnroutableException ex:
                {
                    // Not the broker's failure: its consumers' queues are not bound yet (a first start, a consumer
                    // added later). Kept pending and tried again, less and less often; the events after it go on.
                    var tries = _unroutable.TryGetValue(row.Id, out var before) ? before.Tries + 1 : 1;
                    var wait = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(tries - 1, 10))));
                    _unroutable[row.Id] = (Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency), tries);
                    row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                    if (tries == 1)
                        LogUnroutable(row.EventType, row.Id, ex.Message);
                    break;
                }
                case var ex:
                {
                    row.LastError = $"{ex.GetType().Name}: {ex.Message}";
                    if (row.LastError.Length > 2000)
                        row.LastError = row.LastError[..2000];
                    if (publisher.SetAsideAfterAttempts is { } limit && row.Attempts >= limit)
                    {
                        // A consumer fails on it every time (standalone): set it aside, as RabbitMQ's error queue
                        // would, rather than hold back every later event. The row keeps the error for the operators.
                        row.SentAt = time.GetUtcNow();
                        var reason = "set aside: " + row.LastError;
                        row.LastError = reason.Length > 2000 ? reason[..2000] : reason;
                        LogSetAside(row.EventType, row.Id, row.Attempts, ex.GetType().Name);
                        break;
                    }
                    if (!failed)
                        LogPublishFailed(row.EventType, row.Id, row.Attempts, ex.Message);
                    failed = true;
                    firstError ??= row.LastError;
                    timedOut |= ex is TimeoutException or OperationCanceledException;
                    break;
                }
            }
        }
        health.Turned(); // a long batch of slow publishes is progress, not a stalled loop

        using (SuppressInstrumentationScope.Begin())
        {
            await db.SaveChangesAsync(CancellationToken.None);
            if (transaction is not null)
                await transaction.CommitAsync(CancellationToken.None);
        }
        foreach (var row in batch.Where(r => r.SentAt is not null))
            faults.CrashIf(FaultPoints.CrashAfterPublish, row.EventType);
        return new BatchResult(published, failed, timedOut, firstError);
    }

    /// <summary>The publish's failure, or null once it is safe to mark the row sent.</summary>
    private async Task<Exception?> TryPublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(row, cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
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
        timeout.CancelAfter(_options.PublishTimeout);
        var publish = faults.WedgedPublish(row.EventType)
                      ?? publisher.PublishAsync(message, type, row.Id, timeout.Token);
        try
        {
            // The token alone is not enough: a client may not honour it (rabbitmq-dotnet-client#1930), and one hung
            // publish would hold back every later event for ever. Stop waiting at the deadline; the abandoned publish
            // either never completes or is sent again (the consumers' inboxes absorb a duplicate).
            await publish.WaitAsync(_options.PublishTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            _ = publish.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new TimeoutException(
                $"The publish did not complete within {_options.PublishTimeout.TotalSeconds:F0} s.");
        }
    }

    /// <summary>
    /// The ids of unroutable rows not yet due again. A row another instance sent meanwhile is forgotten once due (its
    /// claim finds it sent).
    /// </summary>
    private Guid[] Waiting()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var stale in _unroutable.Where(u => u.Value.Due + MaxBackoff.TotalSeconds * 2 * Stopwatch.Frequency < now)
                     .Select(u => u.Key).ToList())
            _unroutable.Remove(stale);
        return [.. _unroutable.Where(u => u.Value.Due > now).Select(u => u.Key)];
    }

    private readonly record struct BatchResult(int Published, bool Failed, bool TimedOut, string? PublishError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox event {EventType} {EventId} reached no queue; kept pending and tried again: {Reason}")]
    private partial void LogUnroutable(string eventType, Guid eventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox publish of {EventType} {EventId} failed (attempt {Attempts}): {Reason}")]
    private partial void LogPublishFailed(string eventType, Guid eventId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {EventType} {EventId} set aside after {Attempts} failed attempts ({ErrorType}); see its row's LastError")]
    private partial void LogSetAside(string eventType, Guid eventId, int attempts, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox publishes of {Context} timed out {Timeouts} times in a row on a bus that reports itself connected: restarting the bus")]
    private partial void LogRestartingBus(string context, int timeouts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus restarted for the outbox relay of {Context}")]
    private partial void LogBusRestarted(string context);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bus restart for the outbox relay of {Context} failed: {ErrorType} {Reason}")]
    private partial void LogBusRestartFailed(string context, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Context} failed: {ErrorType} {Reason}")]
    private partial void LogBatchFailed(string context, string errorType, string reason);
}
