namespace ServiceHall.Discipline.Domain;

/// <summary>
/// A verified complaint against a staff member (投诉属实), as the complaints service reported it: one per complaint
/// however often its event arrives. The rulebook (issue 6) turns these into sanctions by category.
/// </summary>
public sealed class ComplaintFinding
{
    public required string ComplaintId { get; init; }

    public Guid EventId { get; init; }

    public required string StaffId { get; init; }

    public string? WindowId { get; init; }

    public required string Category { get; init; }

    public DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Hall-time year of the verification.</summary>
    public int Year { get; init; }
}
