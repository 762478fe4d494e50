namespace ServiceHall.Cases.Domain;

/// <summary>
/// A staff member as attendance's registry announced them (<c>StaffRegistered</c>): their unit and roles, so that a
/// unit head acts on their unit's approval branches and cases only, and an agent is someone of the case's unit.
/// </summary>
public sealed class RegisteredStaff
{
    public required string StaffId { get; init; }

    public required string UnitId { get; set; }

    public string WindowId { get; set; } = "";

    /// <summary>The registry's role names, e.g. <c>UnitHead</c>.</summary>
    public IReadOnlyList<string> Roles { get; set; } = [];

    /// <summary>When the registry said so: an older announcement never overwrites a newer one.</summary>
    public DateTimeOffset AsOf { get; set; }
}
