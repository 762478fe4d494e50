namespace ServiceHall.Discipline.Domain;

public enum DirectoryKind
{
    Unit = 1,
    Staff = 2,
}

/// <summary>
/// Who is who, as attendance's registry announced it (<c>UnitRegistered</c>, <c>StaffRegistered</c>): the names the
/// Monday brief prints, and each unit's heads, to whom an overdue case of the unit is charged.
/// </summary>
public sealed class DirectoryEntry : ServiceHall.ServiceDefaults.Auth.IRegistryRecord
{
    public DirectoryKind Kind { get; init; }

    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>A staff member's unit.</summary>
    public string? UnitId { get; set; }

    /// <summary>A staff member's roles, e.g. <c>UnitHead</c>.</summary>
    public IReadOnlyList<string> Roles { get; set; } = [];

    /// <summary>While a staff member is disabled (<c>SetStaffActive</c>): their tokens carry no role here.</summary>
    public bool Disabled { get; set; }

    /// <summary>When the registry said so: an older announcement never overwrites a newer one.</summary>
    public DateTimeOffset AsOf { get; set; }
}
