using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose effect happens at most once per event id: the inbox row and the effect are written in one
/// transaction, and a redelivered event that finds its inbox row is acknowledged without effect. A concurrent
/// duplicate loses on the inbox key, is retried, and then finds the row.
/// </summary>
public abstract partial class IdempotentConsumer<TContext, TEvent>(TContext db, TimeProvider time, ILogger logger)
    : IConsumer<TEvent>
    where TContext : ServiceDbContext
    where TEvent : class, IIntegrationEvent
{
    protected TContext Db => db;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var consumer = InboxKeyAttribute.Of(GetType());
        db.ChangeTracker.Clear(); // a retry must not see the previous attempt's tracked changes

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var seen = await db.Inbox.AnyAsync(m => m.EventId == message.EventId && m.Consumer == consumer,
            cancellationToken);
        if (seen)
        {
            LogDuplicate(logger, consumer, message.EventId);
            return;
        }

        db.Inbox.Add(new InboxMessage
        {
            EventId = message.EventId,
            Consumer = consumer,
            EventType = EventTypes.NameOf(typeof(TEvent)),
            ProcessedAt = time.GetUtcNow(),
        });
        await HandleAsync(message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AfterCommitAsync(message, cancellationToken);
    }

    /// <summary>What follows a committed effect (e.g. refreshing a cache); not run for a redelivered event.</summary>
    protected virtual Task AfterCommitAsync(TEvent message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The effect: change tracked entities of <see cref="Db"/>; the base class saves and commits.</summary>
    protected abstract Task HandleAsync(TEvent message, CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Consumer} ignored redelivered event {EventId}")]
    private static partial void LogDuplicate(ILogger logger, string consumer, Guid eventId);
}
