using MassTransit;
using MassTransit.Mediator;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>How the outbox relay hands an event on.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the event; returns once it is safe to mark the outbox row sent: the broker confirmed it (RabbitMQ), or
    /// every consumer has committed its effect (standalone).
    /// </summary>
    Task PublishAsync(object message, Type messageType, Guid eventId, CancellationToken cancellationToken);

    /// <summary>
    /// After this many failed attempts an event is set aside (its row marked sent with the error kept), as RabbitMQ
    /// moves a message to the error queue; null: a failed publish is the broker's trouble, retried forever.
    /// </summary>
    int? SetAsideAfterAttempts { get; }

    /// <summary>
    /// Whether a batch of events may be handed on at once (the broker confirms each on its own), or one at a time with
    /// a failure holding back the rest (in-process consumers sharing one SQLite writer).
    /// </summary>
    bool PublishesConcurrently { get; }

    /// <summary>Whether the way out is up (the bus connected, its endpoints bound); always true in-process.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Starts the way out afresh (a new connection and channels), for a publish path that hangs while the connection
    /// looks healthy; nothing to do in-process.
    /// </summary>
    Task RestartAsync(CancellationToken cancellationToken);
}

/// <summary>
/// No queue received the event (RabbitMQ returned it): its consumers' queues or bindings are not there yet. The outbox
/// row stays pending and is tried again later; other events go on meanwhile.
/// </summary>
public sealed class EventUnroutableException(string eventName, IReadOnlyList<string> consumers, Exception inner)
    : Exception($"No queue received {eventName} (for {string.Join(", ", consumers)}): their bindings are not declared yet.", inner);

/// <summary>
/// RabbitMQ with publisher confirms: done when the broker has the message durably. An event the suite consumes
/// (<see cref="Contracts.EventRoutes"/>) is published mandatory: one that no queue receives comes back as
/// <see cref="EventUnroutableException"/> instead of being confirmed and dropped.
/// </summary>
internal sealed class BusEventPublisher(IBusControl bus) : IEventPublisher
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    public async Task PublishAsync(object message, Type messageType, Guid eventId, CancellationToken cancellationToken)
    {
        var name = Contracts.EventTypes.NameOf(messageType);
        var consumers = Contracts.EventRoutes.ConsumersOf(name);
        try
        {
            await bus.Publish(message, messageType, Pipe.Execute<PublishContext>(ctx =>
            {
                ctx.MessageId = eventId;
                if (consumers.Count > 0 && ctx.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                    rabbit.Mandatory = true;
            }), cancellationToken);
        }
        catch (MessageReturnedException returned)
        {
            throw new EventUnroutableException(name, consumers, returned);
        }
    }

    public int? SetAsideAfterAttempts => null;

    public bool PublishesConcurrently => true;

    public bool IsConnected => bus.CheckHealth().Status == BusHealthStatus.Healthy;

    /// <summary>
    /// Stops the bus (its receive endpoints finish their messages; unacknowledged ones come back and the inboxes absorb
    /// them) and starts it again on a new connection. A stop that does not finish in time is abandoned: MassTransit 8
    /// starts a stopped bus afresh either way.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stop.CancelAfter(StopLimit);
            await bus.StopAsync(stop.Token);
        }
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(StartLimit);
        await bus.StartAsync(start.Token);
    }
}

