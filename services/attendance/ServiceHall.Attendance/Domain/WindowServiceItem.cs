namespace ServiceHall.Attendance.Domain;

/// <summary>A service item (办理事项, by its catalogue id in the cases service) that a window offers.</summary>
public sealed class WindowServiceItem
{
    public required string WindowId { get; init; }

    public required string ItemId { get; init; }
}
