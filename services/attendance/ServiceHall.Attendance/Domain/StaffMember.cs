namespace ServiceHall.Attendance.Domain;

/// <summary>窗口工作人员: a staff member rostered at a window.</summary>
public sealed class StaffMember
{
    public required string StaffId { get; init; }

    public required string DisplayName { get; set; }

    public required string UnitId { get; set; }

    public required string WindowId { get; set; }

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Who registered them (the token's sub).</summary>
    public string? RegisteredBy { get; init; }

    /// <summary>Who last set their roles, and when (SetStaffRoles).</summary>
    public string? RolesChangedBy { get; set; }

    public DateTimeOffset? RolesChangedAt { get; set; }
}
