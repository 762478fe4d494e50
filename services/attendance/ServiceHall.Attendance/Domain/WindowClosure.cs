namespace ServiceHall.Attendance.Domain;

/// <summary>A16: a closure of a window during service hours, asked for with a reason and approved beforehand.</summary>
public sealed class WindowClosure
{
    public required string ClosureId { get; init; }

    public required string WindowId { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public bool Approved { get; set; }

    public string? ApprovedBy { get; set; }

    public required string RequestedBy { get; init; }

    public bool Covers(DateTimeOffset instant) => StartsAt <= instant && instant < EndsAt;
}
