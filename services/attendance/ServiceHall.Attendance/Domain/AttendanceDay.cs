namespace ServiceHall.Attendance.Domain;

/// <summary>
/// One person's working day as judged: whether it is closed (R1.6), how far the day's time marks were judged, and
/// when its inputs last changed. Judging a day updates this row, so two judgings of one day at once conflict and one
/// is retried on fresh data.
/// </summary>
public sealed class AttendanceDay
{
    public required string StaffId { get; init; }

    public DateOnly WorkDate { get; init; }

    /// <summary>Closed: end-of-day facts were judged, and facts become final once the day has settled.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary><c>duty-register</c> (the duty leader wrote the day's register) or <c>close-time</c>.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>How many of the day's time marks (morning cut-off, afternoon cut-off, close) had passed when judged.</summary>
    public int JudgedStage { get; set; }

    public DateTimeOffset JudgedAt { get; set; }

    /// <summary>When a punch, leave, correction or time away of the day last changed.</summary>
    public DateTimeOffset LastChangedAt { get; set; }

    /// <summary>Concurrency token: each judging increments it.</summary>
    public int Revision { get; set; }
}
