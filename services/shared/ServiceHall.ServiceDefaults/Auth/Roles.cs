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

    /// <summary>
    /// A fully trusted system, hall-wide in every machine RPC. A token that names a registered client
    /// (<see cref="MachineClients.ClientIdClaim"/>) has it only when the client is registered as trusted, which only a
    /// bureau leader can do.
    /// </summary>
    public const string System = "system";

    /// <summary>A registered badge reader (考勤机): clocks in and out staff of the units of the windows it stands at.</summary>
    public const string BadgeReader = "badge-reader";

    /// <summary>A registered kiosk or evaluation pad (取号机, 评价器): takes tickets and collects citizens' reviews and complaints.</summary>
    public const string Kiosk = "kiosk";

    /// <summary>A registered wall screen or window sign: reads the windows' status.</summary>
    public const string Display = "display";

    /// <summary>
    /// A registered external system such as the province's platform: submits applications, reviews and complaints, and
    /// decides approval branches of the units it is registered for.
    /// </summary>
    public const string Platform = "platform";

    /// <summary>Roles only a registered client gets (from the client registry, never from the token).</summary>
    public static readonly IReadOnlyList<string> MachineRoles = [System, BadgeReader, Kiosk, Display, Platform];

    public static readonly IReadOnlyList<string> All =
        [Staff, DutyLeader, UnitHead, BureauLeader, Office, DisciplineOffice, System, BadgeReader, Kiosk, Display, Platform];

    /// <summary>
    /// Every person's role and the trusted system, for <c>[Authorize(Roles = ...)]</c> on reads open to the hall's
    /// people. Registered devices and platforms are granted reads one by one (least privilege).
    /// </summary>
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
