namespace ServiceHall.Complaints.Domain;

/// <summary>
/// A finished ticket or completed case as the cases service announced it: what a review may be bound to, with the window
/// and staff member it is about.
/// </summary>
public sealed class ServedVisit
{
    /// <summary>"ticket:{id}" or "case:{id}".</summary>
    public required string Key { get; init; }

    public string? WindowId { get; init; }

    public required string StaffId { get; init; }

    public DateTimeOffset FinishedAt { get; init; }
}
