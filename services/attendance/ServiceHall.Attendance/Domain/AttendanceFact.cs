namespace ServiceHall.Attendance.Domain;

/// <summary>
/// A fact about a person's working day (late, early, absent, off post, an overrun outing, a forgotten clock-out) as
/// the working day rule found it. Provisional until the day is closed (R1.6: the duty leader writes the day's register,
/// or the configured close passes); then final and published, with <see cref="FactId"/> as the event's id. A final
/// fact that no longer holds is withdrawn and its withdrawal published; a provisional one the duty leader may void.
/// </summary>
public sealed class AttendanceFact
{
    public Guid FactId { get; init; }

    public required string StaffId { get; init; }

    public required string WindowId { get; init; }

    public DateOnly WorkDate { get; init; }

    /// <summary>The fact within its day, e.g. <c>late:Afternoon</c>: judging the day again finds the same key.</summary>
    public required string Key { get; init; }

    public AttendanceFactKind Kind { get; init; }

    public DaySession Session { get; init; }

    public DateTimeOffset OccurredAt { get; set; }

    public int Minutes { get; set; }

    /// <summary>The settings that judged it (<see cref="JudgingSettings.Describe"/>).</summary>
    public required string Settings { get; set; }

    public AttendanceFactStatus Status { get; set; }

    public DateTimeOffset FoundAt { get; init; }

    public DateTimeOffset? FinalAt { get; set; }

    /// <summary>When it was voided or withdrawn, by whom (a person, or <c>attendance</c>) and why.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    public string? EndedReason { get; set; }

    /// <summary>
    /// The W3C trace of what found it (the punch, the leave, the check): its event, published when the day closes,
    /// continues that trace, so a late clock-in and discipline's reaction are one trace.
    /// </summary>
    public string? TraceParent { get; init; }

    public bool Stands => Status is AttendanceFactStatus.Provisional or AttendanceFactStatus.Final;
}
