namespace ServiceHall.Attendance.Domain;

/// <summary>One staff member's attendance on one hall-time day: first clock-in, last clock-out, late and early.</summary>
public sealed class AttendanceRecord
{
    public Guid RecordId { get; init; }

    public required string StaffId { get; init; }

    public DateOnly WorkDate { get; init; }

    public DateTimeOffset? FirstClockInAt { get; set; }

    public DateTimeOffset? LastClockOutAt { get; set; }

    public bool Late { get; set; }

    public int MinutesLate { get; set; }

    public bool LeftEarly { get; set; }

    public int MinutesEarly { get; set; }
}
