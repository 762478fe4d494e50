namespace ServiceHall.Cases.Application;

/// <summary>Settings of the cases service (section <c>Cases</c>).</summary>
public sealed class CasesOptions
{
    public const string Section = "Cases";

    /// <summary>How often deemed acceptance and escalations are looked at (under a lease).</summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Roles that see applicants' personal data unmasked (besides the case's responsible and agent staff).</summary>
    public IList<string> UnmaskedRoles { get; } = ["unit-head"];
}
