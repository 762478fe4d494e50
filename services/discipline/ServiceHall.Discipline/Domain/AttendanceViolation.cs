namespace ServiceHall.Discipline.Domain;

/// <summary>One attendance violation, keyed by the id of the event that reported it.</summary>
public sealed class AttendanceViolation
{
    public Guid EventId { get; init; }

    public required string StaffId { get; init; }

    public ViolationKind Kind { get; init; }

    /// <summary>The hall-time workday of the violation.</summary>
    public DateOnly WorkDate { get; init; }

    /// <summary>Monday of <see cref="WorkDate"/>'s week.</summary>
    public DateOnly WeekStart { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public int Minutes { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}
