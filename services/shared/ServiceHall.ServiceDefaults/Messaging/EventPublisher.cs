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
}

/// <summary>RabbitMQ with publisher confirms: done when the broker has the message durably.</summary>
internal sealed class BusEventPublisher(IBus bus) : IEventPublisher
{
    public Task PublishAsync(object message, Type messageType, Guid eventId, CancellationToken cancellationToken) =>
        bus.Publish(message, messageType, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = eventId), cancellationToken);

    public int? SetAsideAfterAttempts => null;
}

