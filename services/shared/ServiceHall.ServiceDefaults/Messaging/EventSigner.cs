using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Events say who published them and prove it: every event on the broker carries the publishing service
/// (<c>ServiceHall-Publisher</c>) and an HMAC-SHA256 of its type and content under that service's key
/// (<c>ServiceHall-Signature</c>); a service publishes only the events it owns (the contract's namespace:
/// <c>ServiceHall.Contracts.Attendance</c> is attendance's). A consumer takes an event only when its publisher is the
/// type's owner and the signature verifies under the owner's key, so whoever can merely publish to the broker cannot
/// forge a <c>StaffLate</c>. Keys: <c>Events:Keys:&lt;service&gt;</c>, each at least 32 bytes; a service needs its own
/// and those of the services whose events it consumes. (A service holding another's key could sign as it: give each
/// only the keys it needs.)
/// </summary>
public sealed class EventSigner
{
    public const string Section = "Events:Keys";
    public const string PublisherHeader = "ServiceHall-Publisher";
    public const string SignatureHeader = "ServiceHall-Signature";

    /// <summary>SHA-256 of the public development key in the hosts' appsettings.Development.json.</summary>
    private const string DevelopmentKeySha256 = "9c41e3831397ef64de9760fe2a3152f80e13b7ef1403f96f37c1570bfd549412";

    private readonly Dictionary<string, byte[]> _keys;

    public EventSigner(IReadOnlyDictionary<string, string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (service, key) in keys)
        {
            UsesDevelopmentKey |= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) == DevelopmentKeySha256;
            if (Encoding.UTF8.GetByteCount(key) < 32)
                throw new InvalidOperationException($"{Section}:{service} must be at least 32 bytes.");
            _keys[service] = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), 32,
                info: "servicehall/events/v1"u8.ToArray());
        }
    }

    public static EventSigner FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new EventSigner(configuration.GetSection(Section).GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .ToDictionary(k => k.Key, k => k.Value!, StringComparer.Ordinal));
    }

    public IReadOnlyCollection<string> Services => _keys.Keys;

    /// <summary>Whether any key is the public one of the hosts' appsettings.Development.json.</summary>
    public bool UsesDevelopmentKey { get; }

    public bool HasKeyOf(string service) => _keys.ContainsKey(service);

    /// <summary>Sets the publisher and signature headers of an outgoing event (its owner signs it).</summary>
    public void Sign(SendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context is not SendContext<object> { Message: IIntegrationEvent message })
            return;
        var type = message.GetType();
        var owner = EventTypes.OwnerOf(type);
        if (!_keys.TryGetValue(owner, out var key))
        {
            throw new InvalidOperationException(
                $"{EventTypes.NameOf(type)} belongs to {owner}, and {Section}:{owner} is not configured here: only its owner publishes it.");
        }
        context.Headers.Set(PublisherHeader, owner);
        context.Headers.Set(SignatureHeader, Convert.ToBase64String(HMACSHA256.HashData(key, Content(type, message))));
    }

    /// <summary>Why <paramref name="message"/> must not be taken, or null when its owner signed it.</summary>
    public string? Refusal(object message, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(headers);
        var type = message.GetType();
        var owner = EventTypes.OwnerOf(type);
        var publisher = headers.Get<string>(PublisherHeader);
        if (publisher is null)
            return "it carries no publisher";
        if (!string.Equals(publisher, owner, StringComparison.Ordinal))
            return $"it says it was published by '{publisher}', but {EventTypes.NameOf(type)} belongs to {owner}";
        if (!_keys.TryGetValue(owner, out var key))
            return $"{Section}:{owner} is not configured here, so its events cannot be verified";
        var signature = headers.Get<string>(SignatureHeader);
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature ?? "");
        }
        catch (FormatException)
        {
            return "its signature is not base64";
        }
        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(key, Content(type, message)))
            ? null
            : "its signature does not verify under its publisher's key";
    }

    private static byte[] Content(Type type, object message) =>
        [.. Encoding.UTF8.GetBytes(EventTypes.NameOf(type) + "\n"), .. JsonSerializer.SerializeToUtf8Bytes(message, type, ServiceDbContext.EventJson)];
}
