namespace ServiceHall.Attendance.Domain;

/// <summary>服务窗口: a service window of a unit.</summary>
public sealed class Window
{
    public required string WindowId { get; init; }

    public required string UnitId { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created the window (the token's sub).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Who last set its service items, and when (SetWindowServiceItems).</summary>
    public string? ItemsSetBy { get; set; }

    public DateTimeOffset? ItemsSetAt { get; set; }

    /// <summary>When the live state last changed (someone came on post or left).</summary>
    public DateTimeOffset StateChangedAt { get; set; }

    /// <summary>When the window was closed (its sign turned to closed); null while it may serve.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why it was closed, as given; shown on the wall.</summary>
    public string? ClosedReason { get; set; }
}
