namespace ServiceHall.Cases.Domain;

/// <summary>
/// One staff member serving one ticket at one window, from the start of service to its finish or transfer: what the
/// work log (A21) adds up, so time spent is derived, never typed in.
/// </summary>
public sealed class ServiceSession
{
    public Guid SessionId { get; init; }

    public required string TicketId { get; init; }

    public required string ItemId { get; init; }

    public required string WindowId { get; init; }

    public required string StaffId { get; init; }

    /// <summary>The hall day it started.</summary>
    public DateOnly Day { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>"finished" or "transferred" once ended.</summary>
    public string? Outcome { get; set; }
}
