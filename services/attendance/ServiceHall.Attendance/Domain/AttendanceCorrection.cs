namespace ServiceHall.Attendance.Domain;

public enum CorrectionKind
{
    /// <summary>补卡: a clock-in the reader missed.</summary>
    AddClockIn = 1,

    /// <summary>补卡: a clock-out the reader missed (or the person forgot).</summary>
    AddClockOut = 2,

    /// <summary>更正: a punch that is wrong (a reader fault, another person's badge).</summary>
    RemovePunch = 3,
}

public enum CorrectionStatus
{
    Filed = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// 补卡/更正: a correction of a person's day, filed with a reason by the person or by a machine, approved or rejected by
/// the duty leader of that day or a unit head — never by the person it concerns. An approved correction adds the
/// punch, or sets the wrong one aside, and the day is judged again: a fact that no longer holds is withdrawn.
/// </summary>
public sealed class AttendanceCorrection
{
    public required string CorrectionId { get; init; }

    public required string StaffId { get; init; }

    public DateOnly WorkDate { get; init; }

    public CorrectionKind Kind { get; init; }

    /// <summary>The time of the punch to add.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The punch to set aside.</summary>
    public string? PunchId { get; init; }

    /// <summary>Why; for the duty leader, never logged or sent in events.</summary>
    public required string Reason { get; init; }

    public required string FiledBy { get; init; }

    public DateTimeOffset FiledAt { get; init; }

    public CorrectionStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }
}
