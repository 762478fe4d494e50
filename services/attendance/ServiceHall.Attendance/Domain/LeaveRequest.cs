namespace ServiceHall.Attendance.Domain;

public enum LeaveKind
{
    /// <summary>病假</summary>
    Sick = 1,

    /// <summary>事假</summary>
    Personal = 2,
}

public enum LeaveStatus
{
    Requested = 1,
    SubstituteAccepted = 2,
    Approved = 3,
}

/// <summary>请假: leave by the day or the hour, with a substitute (替岗) from the unit who must accept.</summary>
public sealed class LeaveRequest
{
    public required string LeaveId { get; init; }

    public required string StaffId { get; init; }

    public LeaveKind Kind { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public required string SubstituteStaffId { get; init; }

    /// <summary>Free text for the duty leader; may be sensitive (health), so never logged or sent in events.</summary>
    public required string Reason { get; init; }

    public LeaveStatus Status { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public bool Covers(DateTimeOffset instant) => StartsAt <= instant && instant < EndsAt;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => StartsAt < to && from < EndsAt;
}
