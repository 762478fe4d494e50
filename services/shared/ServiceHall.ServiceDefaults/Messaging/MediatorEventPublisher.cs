using MassTransit;
using MassTransit.Mediator;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Standalone (one process, no broker): the consumers run in the relay's call, so the row is marked sent only after
/// every consumer committed — a crash before that publishes the event again at the next start, and the consumers'
/// inboxes absorb what they had already done. An in-memory queue would lose what it held at a crash.
/// </summary>
internal sealed class MediatorEventPublisher(IMediator mediator) : IEventPublisher
{
    public Task PublishAsync(object message, Type messageType, Guid eventId, CancellationToken cancellationToken) =>
        mediator.Publish(message, messageType, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = eventId),
            cancellationToken);

    public int? SetAsideAfterAttempts => 10;

    public bool PublishesConcurrently => false;

    public bool IsConnected => true;

    public Task RestartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
