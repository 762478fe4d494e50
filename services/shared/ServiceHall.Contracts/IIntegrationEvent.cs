namespace ServiceHall.Contracts;

/// <summary>
/// An integration event: a fact, named in the past tense, published through the outbox and consumed idempotently.
/// Events never carry citizens' personal data (names, ID numbers, phones): only ids.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique id of the event; consumers use it to ignore redeliveries.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The service hall the fact belongs to.</summary>
    string HallId { get; }
}
