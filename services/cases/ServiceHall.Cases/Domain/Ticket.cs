namespace ServiceHall.Cases.Domain;

public enum TicketStatus
{
    /// <summary>In the queue (also again after a transfer).</summary>
    Waiting = 1,

    /// <summary>Called to a window, the citizen not yet there.</summary>
    Called = 2,

    /// <summary>Being served.</summary>
    Serving = 3,

    Finished = 4,

    /// <summary>过号: called and did not come.</summary>
    NoShow = 5,
}

/// <summary>
/// 取号: a citizen's ticket for one service item, from taking it to the end of service. Carries no personal data. The
/// first staff member who serves it is the responsible contact (首问负责) of everything that follows from the visit.
/// </summary>
public sealed class Ticket
{
    public required string TicketId { get; init; }

    /// <summary>The kiosk's request id: the same request again returns this ticket.</summary>
    public required string RequestId { get; init; }

    /// <summary>The visit's trace (W3C traceparent of the request that took the ticket): its later steps join it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Bumped on every change; two windows calling the same ticket at once cannot both win.</summary>
    /// <summary>
    /// Who sent the request (the token's subject): the request id is the caller's, so the same id from another
    /// caller is ALREADY_EXISTS, never this record.
    /// </summary>
    public string? SubmittedBy { get; init; }

    public int Revision { get; set; }

    /// <summary>The number shown and called, e.g. A007; unique per hall and day.</summary>
    public required string Number { get; init; }

    public DateOnly Day { get; init; }

    public required string ItemId { get; init; }

    public DateTimeOffset TakenAt { get; init; }

    public TicketStatus Status { get; set; }

    /// <summary>When it (re)entered the queue: taken, or transferred.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>A transfer sends the ticket to one window (转办); null while any window offering the item may call it.</summary>
    public string? TransferredToWindowId { get; set; }

    public string? TransferReason { get; set; }

    public string? WindowId { get; set; }

    public string? StaffId { get; set; }

    /// <summary>首问负责: the first staff member who served the citizen.</summary>
    public string? FirstStaffId { get; set; }

    public DateTimeOffset? CalledAt { get; set; }

    public int CallCount { get; set; }

    public DateTimeOffset? ServiceStartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Seconds from taking the ticket to the start of its first service.</summary>
    public int WaitSeconds { get; set; }

    /// <summary>Seconds served, over every window that served it.</summary>
    public int ServiceSeconds { get; set; }
}
