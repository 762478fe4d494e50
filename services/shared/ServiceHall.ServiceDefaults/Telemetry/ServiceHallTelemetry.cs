using System.Diagnostics;

namespace ServiceHall.ServiceDefaults;

/// <summary>The activity sources ServiceHall itself writes spans to.</summary>
public static class ServiceHallTelemetry
{
    public const string OutboxSourceName = "ServiceHall.Outbox";
    public const string DomainSourceName = "ServiceHall.Domain";

    /// <summary>Outbox relay: one span per published event, child of the request that wrote it.</summary>
    public static readonly ActivitySource Outbox = new(OutboxSourceName);

    /// <summary>Domain work worth its own span (rule evaluation, cache fallbacks).</summary>
    public static readonly ActivitySource Domain = new(DomainSourceName);
}
