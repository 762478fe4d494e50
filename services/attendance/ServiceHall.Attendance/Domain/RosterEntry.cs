namespace ServiceHall.Attendance.Domain;

/// <summary>One staff member rostered at a window on one day, for a shift.</summary>
public sealed class RosterEntry
{
    public required string WindowId { get; init; }

    public DateOnly Date { get; init; }

    public required string StaffId { get; init; }

    public Shift Shift { get; init; }

    /// <summary>Who set the week's roster this entry belongs to (the caller's sub), and when; null before it was kept.</summary>
    public string? SetBy { get; init; }

    public DateTimeOffset? SetAt { get; init; }
}
