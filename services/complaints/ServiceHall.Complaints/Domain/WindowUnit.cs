namespace ServiceHall.Complaints.Domain;

/// <summary>Which unit staffs a window (from attendance), for the figures per unit.</summary>
public sealed class WindowUnit
{
    public required string WindowId { get; init; }

    public required string UnitId { get; set; }
}
