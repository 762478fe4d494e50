namespace ServiceHall.Attendance.Domain;

/// <summary>单位: a unit of the hall (a bureau department or a stationed agency) that staffs windows.</summary>
public sealed class Unit
{
    public required string UnitId { get; init; }

    public required string HallId { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
