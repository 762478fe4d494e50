namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>The service hall this deployment serves (configuration section <c>Hall</c>).</summary>
public sealed class HallOptions
{
    public const string Section = "Hall";

    /// <summary>Id carried by every event.</summary>
    public string HallId { get; set; } = "hall-1";

    /// <summary>IANA time zone of the hall; all "local" rules (workdays, weeks, years) are in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
