namespace ServiceHall.Attendance.Domain;

/// <summary>
/// One time a staff member left the window, from leaving to returning, under an approved outing or not. Reported at
/// most once: as off post (脱岗) when unapproved and longer than the threshold, or as an overrun of the outing.
/// </summary>
public sealed class AwayFromPost
{
    public Guid AwayId { get; init; }

    public required string StaffId { get; init; }

    public required string WindowId { get; init; }

    public DateTimeOffset LeftAt { get; init; }

    public DateTimeOffset? ReturnedAt { get; set; }

    /// <summary>The approved outing this absence from the post is under, if any.</summary>
    public string? OutingId { get; init; }

    /// <summary>Minutes allowed away: the outing's, or the off-post threshold.</summary>
    public int AllowedMinutes { get; init; }

    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>Minutes away beyond what is allowed, as of <paramref name="now"/>; 0 while within.</summary>
    public int MinutesOver(DateTimeOffset now)
    {
        var away = (ReturnedAt ?? now) - LeftAt;
        var over = away - TimeSpan.FromMinutes(AllowedMinutes);
        return over > TimeSpan.Zero ? (int)Math.Ceiling(over.TotalMinutes) : 0;
    }
}
