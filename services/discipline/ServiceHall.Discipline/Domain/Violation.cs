namespace ServiceHall.Discipline.Domain;

/// <summary>One fact a rule may count (a late arrival, an inspection finding, a verified complaint…), keyed by the id of
/// the event (or finding) that reported it.</summary>
public sealed class Violation
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

    /// <summary>The window the fact happened at, when known (for the brief per unit).</summary>
    public string? WindowId { get; init; }

    /// <summary>What kind within the kind, e.g. a complaint's category; rules may select by it.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// Set when the source withdrew the fact (an approved correction, leave approved afterwards): it counts no more,
    /// and a sanction whose threshold it no longer meets is revoked. Kept, so the file shows what happened.
    /// </summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnReason { get; set; }
}
