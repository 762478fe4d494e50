namespace ServiceHall.Complaints.Application;

/// <summary>Settings of the complaints service (section <c>Complaints</c>).</summary>
public sealed class ComplaintsOptions
{
    public const string Section = "Complaints";

    /// <summary>Working days from receipt to the reply (A22).</summary>
    public int ResolveDays { get; set; } = 5;

    /// <summary>Working days after the unit head's escalation before it goes to the bureau leader.</summary>
    public int EscalationDays { get; set; } = 2;

    /// <summary>Working days to verify, rectify or explain a bad review (差评整改).</summary>
    public int RectifyDays { get; set; } = 5;

    /// <summary>How often overdue complaints are looked for (under a lease).</summary>
    public TimeSpan EscalationCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Anonymous submissions (complaints, reviews, suggestions) one source may make per hour.</summary>
    public int AnonymousPerSourcePerHour { get; set; } = 5;

    /// <summary>Anonymous submissions the whole hall takes per hour, so rotating sources cannot flood the box either.</summary>
    public int AnonymousPerHallPerHour { get; set; } = 300;

    /// <summary>Roles that see complainants and reviewers unmasked.</summary>
    public IList<string> UnmaskedRoles { get; } = ["office", "discipline-office"];
}
