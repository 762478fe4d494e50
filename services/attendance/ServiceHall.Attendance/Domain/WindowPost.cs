namespace ServiceHall.Attendance.Domain;

/// <summary>A staff member on post (在岗) at a window, since a clock-in today; removed at clock-out.</summary>
public sealed class WindowPost
{
    public required string WindowId { get; init; }

    public required string StaffId { get; init; }

    public DateTimeOffset Since { get; init; }
}
