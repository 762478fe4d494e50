using System.Collections.Frozen;

namespace ServiceHall.Contracts;

/// <summary>
/// The registry of integration event types by stable name. The outbox stores the name, the relay resolves it here,
/// so a renamed CLR namespace never strands a stored event.
/// </summary>
public static class EventTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(IIntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(NameOf, t => t, StringComparer.Ordinal);

    /// <summary>The stable name of an event type, e.g. <c>attendance.StaffLate</c>.</summary>
    public static string NameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return $"{OwnerOf(eventType)}.{eventType.Name}";
    }

    /// <summary>The service that owns (and alone publishes) an event type, e.g. <c>attendance</c>.</summary>
    public static string OwnerOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return eventType.Namespace?.Split('.').LastOrDefault()?.ToLowerInvariant() ?? "events";
    }

    /// <summary>Resolves a stored name; false when the name is unknown to this build.</summary>
    public static bool TryResolve(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? eventType) =>
        ByName.TryGetValue(name, out eventType);

    /// <summary>Every known event type.</summary>
    public static IEnumerable<Type> All => ByName.Values;
}
