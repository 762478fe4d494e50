namespace ServiceHall.Cases.Domain;

/// <summary>
/// A window as the cases service knows it: the items it offers (announced by the attendance service, which owns
/// windows) and whether calling is paused (暂停服务) and why.
/// </summary>
public sealed class ServingWindow
{
    public required string WindowId { get; init; }

    public string UnitId { get; set; } = "";

    public IReadOnlyList<string> ItemIds { get; set; } = [];

    /// <summary>When the attendance service last set the items; an older announcement is ignored.</summary>
    public DateTimeOffset ItemsSetAt { get; set; }

    public bool Paused { get; set; }

    public string? PausedReason { get; set; }

    public DateTimeOffset? PausedAt { get; set; }
}
