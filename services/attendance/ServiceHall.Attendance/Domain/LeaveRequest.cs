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

    /// <summary>Refused by the duty leader or the unit head, with a reason.</summary>
    Rejected = 4,

    /// <summary>Withdrawn before it began.</summary>
    Cancelled = 5,
}

/// <summary>请假: leave by the day or the hour, with a substitute (替岗) from the unit who must accept.</summary>
public sealed class LeaveRequest
{
    public required string LeaveId { get; init; }

    public required string StaffId { get; init; }

    public LeaveKind Kind { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    /// <summary>When the leave ends; reporting back early (销假) brings it forward.</summary>
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>替岗: named by the person, or assigned by the unit head (R1.7 由单位负责安排人员替岗).</summary>
    public required string SubstituteStaffId { get; set; }

    /// <summary>Free text for the duty leader; may be sensitive (health), so never logged or sent in events.</summary>
    public required string Reason { get; init; }

    public LeaveStatus Status { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>销假: when the person reported back before the leave's end.</summary>
    public DateTimeOffset? ReportedBackAt { get; set; }

    /// <summary>Who rejected or cancelled it, and why (for the duty leader; never logged or sent in events).</summary>
    public string? EndedBy { get; set; }

    public string? EndReason { get; set; }

    public bool Covers(DateTimeOffset instant) => StartsAt <= instant && instant < EndsAt;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => StartsAt < to && from < EndsAt;
}
