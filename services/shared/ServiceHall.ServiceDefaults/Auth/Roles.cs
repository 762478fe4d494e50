namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>The roles a bearer token can carry in its <c>role</c> claim (one or more).</summary>
public static class Roles
{
    /// <summary>Window staff (窗口工作人员).</summary>
    public const string Staff = "staff";

    /// <summary>Duty leader (带班/值班领导).</summary>
    public const string DutyLeader = "duty-leader";

    /// <summary>Head of a unit (单位负责人).</summary>
    public const string UnitHead = "unit-head";

    /// <summary>Bureau leader (局领导).</summary>
    public const string BureauLeader = "bureau-leader";

    /// <summary>The bureau office (局办公室).</summary>
    public const string Office = "office";

    /// <summary>The discipline office (纪检/督查).</summary>
    public const string DisciplineOffice = "discipline-office";

    /// <summary>Machines and other systems: badge readers, kiosks, other government systems.</summary>
    public const string System = "system";

    public static readonly IReadOnlyList<string> All =
        [Staff, DutyLeader, UnitHead, BureauLeader, Office, DisciplineOffice, System];

    /// <summary>Any known role, for <c>[Authorize(Roles = ...)]</c> on reads open to every caller of the hall.</summary>
    public const string AnyRole = $"{Staff},{DutyLeader},{UnitHead},{BureauLeader},{Office},{DisciplineOffice},{System}";

    /// <summary>
    /// The token role a role of attendance's staff registry stands for (<c>StaffRegistered.Roles</c>: <c>WindowStaff</c>,
    /// <c>DutyLeader</c>, <c>UnitHead</c>, <c>BureauLeader</c>, <c>Office</c>), or null for a name it does not know.
    /// </summary>
    public static string? FromRegistry(string registryRole) => registryRole switch
    {
        "WindowStaff" => Staff,
        "DutyLeader" => DutyLeader,
        "UnitHead" => UnitHead,
        "BureauLeader" => BureauLeader,
        "Office" => Office,
        _ => null,
    };

    /// <summary>Any person's role (not a machine's).</summary>
    public const string People = $"{Staff},{DutyLeader},{UnitHead},{BureauLeader},{Office},{DisciplineOffice}";
}
