namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// A consumed event, recorded in the same transaction as the consumer's effect: a redelivered event finds its row and
/// has no second effect.
/// </summary>
public sealed class InboxMessage
{
    public Guid EventId { get; set; }

    /// <summary>The consumer that handled it (one event may be handled by several consumers of a service).</summary>
    public required string Consumer { get; set; }

    public required string EventType { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
