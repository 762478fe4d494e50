namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A service's copy of one registration of attendance's client registry (<c>ClientRegistered</c>), so a machine's
/// token is judged here by the same registration.
/// </summary>
public sealed class RegisteredClient : IRegistryRecord
{
    public required string ClientId { get; init; }

    /// <summary><c>BadgeReader</c>, <c>Kiosk</c>, <c>Display</c>, <c>Platform</c> or <c>Trusted</c>.</summary>
    public required string Kind { get; set; }

    public IReadOnlyList<string> WindowIds { get; set; } = [];

    public IReadOnlyList<string> UnitIds { get; set; } = [];

    public bool Enabled { get; set; }

    /// <summary>When the registry said so: an older announcement never overwrites a newer one.</summary>
    public DateTimeOffset AsOf { get; set; }

    public ClientEntry ToEntry() => new(Kind, WindowIds, UnitIds, Enabled);
}
