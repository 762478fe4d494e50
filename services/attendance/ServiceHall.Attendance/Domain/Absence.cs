namespace ServiceHall.Attendance.Domain;

/// <summary>缺岗/旷工: a rostered workday without a clock-in before the cut-off. One per staff member and day.</summary>
public sealed class Absence
{
    public required string StaffId { get; init; }

    public DateOnly WorkDate { get; init; }

    public required string WindowId { get; init; }

    public DateTimeOffset DetectedAt { get; init; }

    public Guid EventId { get; init; }
}
