using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Leaders as the staff registry knows them: a unit head's or duty leader's token counts only for someone registered
/// with that role, and reaches only their unit.
/// </summary>
public static class People
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);

    /// <summary>Registers <paramref name="staffId"/> in <paramref name="unitId"/> with <paramref name="roles"/> (once; again is the same request) and returns their token.</summary>
    public static async Task<Metadata> LeaderAsync(AttendanceService.AttendanceServiceClient client, string staffId,
        string unitId, params StaffRole[] roles)
    {
        await client.RegisterStaffAsync(new RegisterStaffRequest
        {
            StaffId = staffId, DisplayName = staffId, UnitId = unitId, Roles = { roles },
        }, Office);
        return TestAuth.Bearer(staffId, [.. roles.Select(TokenRole)]);
    }

    private static string TokenRole(StaffRole role) => role switch
    {
        StaffRole.DutyLeader => Roles.DutyLeader,
        StaffRole.UnitHead => Roles.UnitHead,
        StaffRole.WindowStaff => Roles.Staff,
        StaffRole.BureauLeader => Roles.BureauLeader,
        StaffRole.Office => Roles.Office,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
