namespace ServiceHall.Attendance.Domain;

/// <summary>R1.6 值班: the duty unit, duty person and duty leader of one hall day.</summary>
public sealed class HallDuty : ServiceHall.ServiceDefaults.Auth.IRegistryRecord
{
    public DateOnly Date { get; init; }

    public required string UnitId { get; set; }

    public required string DutyStaffId { get; set; }

    public required string DutyLeaderStaffId { get; set; }

    public required string AssignedBy { get; set; }

    public DateTimeOffset AssignedAt { get; set; }
}

/// <summary>The end-of-day power-off check (断电检查) of one window, recorded by the duty person.</summary>
public sealed class PowerOffCheck
{
    public DateOnly Date { get; init; }

    public required string WindowId { get; init; }

    /// <summary>False when the window was found with equipment still on (the note says what).</summary>
    public bool PoweredOff { get; set; }

    public string? Note { get; set; }

    public required string CheckedBy { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>
/// The day's entry in the leader duty register (领导值班登记薄): written once, with the day's attendance frozen as it
/// was when written (<see cref="AttendanceJson"/>, the serialised <see cref="AttendanceTally"/> lines).
/// </summary>
public sealed class DutyRegisterEntry
{
    public DateOnly Date { get; init; }

    public required string WrittenBy { get; init; }

    public DateTimeOffset WrittenAt { get; init; }

    public string? Note { get; init; }

    public required string AttendanceJson { get; init; }
}
