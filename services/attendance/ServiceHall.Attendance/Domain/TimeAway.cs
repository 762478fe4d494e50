namespace ServiceHall.Attendance.Domain;

/// <summary>
/// One time a staff member left the window, from leaving to returning (or to a clock-out, or the day's end), under an
/// approved outing or not. The working day rule judges it: off post (脱岗) when unapproved and longer than the
/// threshold inside owed working time, an overrun when longer than the outing.
/// </summary>
public sealed class TimeAway
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
}
