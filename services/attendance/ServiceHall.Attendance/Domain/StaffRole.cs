namespace ServiceHall.Attendance.Domain;

/// <summary>What a staff member does in the hall; one person may hold several.</summary>
public enum StaffRoleKind
{
    /// <summary>窗口工作人员.</summary>
    WindowStaff = 1,

    /// <summary>带班/值班领导.</summary>
    DutyLeader = 2,

    /// <summary>单位负责人.</summary>
    UnitHead = 3,

    /// <summary>局领导.</summary>
    BureauLeader = 4,

    /// <summary>局办公室.</summary>
    Office = 5,
}

/// <summary>One role held by one staff member.</summary>
public sealed class StaffRole : ServiceHall.ServiceDefaults.Auth.IRegistryRecord
{
    public required string StaffId { get; init; }

    public StaffRoleKind Role { get; init; }
}
