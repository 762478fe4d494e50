namespace ServiceHall.Attendance.Domain;

public enum PunchKind
{
    ClockIn = 1,
    ClockOut = 2,
}

/// <summary>
/// A punch as the device sent it, kept by its device-chosen id: the same punch sent again returns this stored result.
/// </summary>
public sealed class Punch
{
    public required string PunchId { get; init; }

    public required string StaffId { get; init; }

    public PunchKind Kind { get; init; }

    public DateTimeOffset PunchedAt { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public required string DeviceId { get; init; }

    public Guid RecordId { get; init; }

    /// <summary>A clock-in late for its session, as judged when it was received (the answer a retry gets again).</summary>
    public bool Flagged { get; set; }

    public int Minutes { get; set; }
}
