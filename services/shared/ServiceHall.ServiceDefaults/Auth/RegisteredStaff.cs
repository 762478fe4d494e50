using Microsoft.EntityFrameworkCore;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// A staff member as attendance's registry announced them (<c>StaffRegistered</c>), in a service that keeps a copy of
/// the registry (cases, complaints): their unit and roles, so that a unit head acts within their unit there too.
/// </summary>
public sealed class RegisteredStaff : IRegistryRecord
{
    public required string StaffId { get; init; }

    public required string UnitId { get; set; }

    public string WindowId { get; set; } = "";

    /// <summary>The registry's role names, e.g. <c>UnitHead</c>.</summary>
    public IReadOnlyList<string> Roles { get; set; } = [];

    /// <summary>While the staff member is disabled (<c>SetStaffActive</c>): their tokens carry no role here.</summary>
    public bool Disabled { get; set; }

    /// <summary>When the registry said so: an older announcement never overwrites a newer one.</summary>
    public DateTimeOffset AsOf { get; set; }
}

/// <summary>A service's DbContext that keeps a copy of the staff registry (table <c>registered_staff</c>).</summary>
public interface IStaffRegistryCopy
{
    DbSet<RegisteredStaff> Staff { get; }
}
