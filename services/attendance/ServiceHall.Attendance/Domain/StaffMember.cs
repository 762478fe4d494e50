namespace ServiceHall.Attendance.Domain;

/// <summary>窗口工作人员: a staff member rostered at a window.</summary>
public sealed class StaffMember : ServiceHall.ServiceDefaults.Auth.IRegistryRecord
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

    /// <summary>
    /// Disabled (SetStaffActive: left the hall, suspended, a lost badge): until they are enabled again their tokens carry
    /// no role in any service and a punch for them is refused.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>When they were last disabled; null if never.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>When they were last enabled again after <see cref="DisabledAt"/>.</summary>
    public DateTimeOffset? EnabledAgainAt { get; set; }

    /// <summary>Who disabled or last enabled them again (the token's sub), and why.</summary>
    public string? ActiveChangedBy { get; set; }

    public string? ActiveChangeReason { get; set; }

    public bool Active => !Disabled;

    /// <summary>
    /// Whether <paramref name="date"/> lies in their (last) disabled period — from the day they were disabled through the
    /// day they were enabled again, both whole: such a day is never judged (who was disabled at 10:00 or enabled again
    /// at 12:01 did not owe that day's sessions; a false absence is worse than a missed one).
    /// </summary>
    public bool IsDisabledOn(DateOnly date, Func<DateTimeOffset, DateOnly> dateOf)
    {
        ArgumentNullException.ThrowIfNull(dateOf);
        if (DisabledAt is not { } off || date < dateOf(off))
            return false;
        return Disabled || (EnabledAgainAt is { } on && date <= dateOf(on));
    }
}
