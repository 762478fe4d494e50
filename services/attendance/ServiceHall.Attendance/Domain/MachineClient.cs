namespace ServiceHall.Attendance.Domain;

/// <summary>What a registered machine client is (see <c>ServiceHall.ServiceDefaults.Auth.MachineClients</c>).</summary>
public enum ClientKind
{
    BadgeReader = 1,
    Kiosk = 2,
    Display = 3,
    Platform = 4,
    Trusted = 5,
}

/// <summary>
/// A registered machine client: a badge reader bound to the windows it stands at, a kiosk, a display, a platform bound
/// to its units, or a trusted system. Its tokens name it (<c>client_id</c>); what it may do comes from here.
/// </summary>
public sealed class MachineClient : ServiceHall.ServiceDefaults.Auth.IRegistryRecord
{
    public required string ClientId { get; init; }

    public required ClientKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Badge readers: the windows it stands at.</summary>
    public IReadOnlyList<string> WindowIds { get; init; } = [];

    /// <summary>The units it acts for: a badge reader's windows' units (at registration), a platform's units.</summary>
    public IReadOnlyList<string> UnitIds { get; init; } = [];

    public bool Enabled { get; set; } = true;

    public required string RegisteredBy { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public string ChangedBy { get; set; } = "";

    public DateTimeOffset? ChangedAt { get; set; }

    public string ChangeReason { get; set; } = "";

    /// <summary>Whether a repeated registration asks for exactly this.</summary>
    public bool IsSameAs(ClientKind kind, string name, IReadOnlyCollection<string> windowIds,
        IReadOnlyCollection<string> unitIds) =>
        Kind == kind && Name == name &&
        WindowIds.SequenceEqual(windowIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) &&
        (Kind == ClientKind.BadgeReader ||
         UnitIds.SequenceEqual(unitIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
}
