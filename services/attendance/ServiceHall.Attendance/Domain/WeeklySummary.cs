namespace ServiceHall.Attendance.Domain;

/// <summary>R1.6: the weekly attendance summary as produced for the office on Friday afternoon, frozen.</summary>
public sealed class WeeklySummary
{
    /// <summary>Monday of the week.</summary>
    public DateOnly WeekStart { get; init; }

    public DateTimeOffset ProducedAt { get; init; }

    public required string Csv { get; init; }
}
