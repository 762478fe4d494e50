namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// The name an <see cref="IdempotentConsumer{TContext, TEvent}"/> records its events under in the inbox. It stays the
/// same when the class is renamed or moved (a new name would take every redelivered event for new and apply it
/// again), so it is written once and never changed; unique within a service (an architecture test checks).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InboxKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;

    /// <summary>The key of <paramref name="consumerType"/>; a consumer without one is a programming error.</summary>
    public static string Of(Type consumerType)
    {
        ArgumentNullException.ThrowIfNull(consumerType);
        return consumerType.GetCustomAttributes(typeof(InboxKeyAttribute), inherit: false) is [InboxKeyAttribute key, ..]
            ? key.Key
            : throw new InvalidOperationException(
                $"{consumerType.Name} has no [InboxKey]: give it a key once and never change it.");
    }
}
