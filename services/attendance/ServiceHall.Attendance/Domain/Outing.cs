namespace ServiceHall.Attendance.Domain;

public enum OutingStatus
{
    Requested = 1,
    Approved = 2,
}

/// <summary>外出: leaving the window for a while, approved beforehand by the duty leader (R1.7).</summary>
public sealed class Outing
{
    public required string OutingId { get; init; }

    public required string StaffId { get; init; }

    public int ApprovedMinutes { get; init; }

    /// <summary>For the duty leader; never logged or sent in events.</summary>
    public required string Reason { get; init; }

    public OutingStatus Status { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset RequestedAt { get; init; }
}
