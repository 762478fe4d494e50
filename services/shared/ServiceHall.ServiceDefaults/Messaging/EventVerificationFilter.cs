using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Audit;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>An event refused because it did not come from the service that owns its type.</summary>
public sealed class ForgedEventException(string message) : Exception(message);

/// <summary>
/// In front of every consumer on the broker: an event whose publisher is not its type's owner, or whose signature does
/// not verify (<see cref="EventSigner"/>), is not consumed. It is recorded in the consuming service's audit chain
/// (kind <c>refused</c>, method <c>event/&lt;type&gt;</c>, the claimed publisher as subject, the event id) and fails at
/// once, without retries, so it lands in the service's error queue.
/// </summary>
public sealed partial class EventVerificationFilter<T>(
    EventSigner signer, AuditWriter audit, AuditChains chains, ILogger<EventVerificationFilter<T>> logger)
    : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (signer.Refusal(context.Message, context.Headers) is not { } why)
        {
            await next.Send(context);
            return;
        }
        var type = EventTypes.NameOf(context.Message.GetType());
        var eventId = context.Message is IIntegrationEvent e ? e.EventId.ToString() : context.MessageId?.ToString() ?? "";
        var publisher = context.Headers.Get<string>(EventSigner.PublisherHeader) ?? "";
        LogRefused(logger, type, eventId, why);
        var queue = context.ReceiveContext.InputAddress?.AbsolutePath.Split('/').LastOrDefault() ?? "";
        if (chains.All.FirstOrDefault(c => InfrastructureNames.QueueOf(c.Service) == queue) is { } chain)
        {
            await audit.AppendAsync(chain.ContextType, new AuditEntry(chain.Service, "event/" + type, AuditKinds.Refused,
                "PERMISSION_DENIED", publisher, "", "", "amqp:" + queue, [$"event_id={eventId}"], "",
                Activity.Current?.TraceId.ToHexString() ?? ""), CancellationToken.None);
        }
        throw new ForgedEventException($"{type} {eventId} was refused: {why}.");
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("eventVerification");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused event {EventType} {EventId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string eventType, string eventId, string reason);
}
