namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// An integration event waiting to be published, stored in the same transaction as the change that caused it.
/// The relay publishes it with publisher confirms and marks it sent; until then it is retried.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event id (also the MassTransit MessageId).</summary>
    public Guid Id { get; set; }

    /// <summary>Monotonic order of insertion, so events leave in the order they were written.</summary>
    public long Sequence { get; set; }

    /// <summary>Stable event type name (<see cref="ServiceHall.Contracts.EventTypes"/>).</summary>
    public required string EventType { get; set; }

    /// <summary>The event as JSON.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Publish attempts so far (failed ones and the one that succeeded).</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C trace context of the request that wrote the event, so the publish joins its trace.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }
}
