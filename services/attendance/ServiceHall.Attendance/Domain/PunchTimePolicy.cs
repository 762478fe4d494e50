namespace ServiceHall.Attendance.Domain;

/// <summary>
/// Which punch times are believable: offline badge readers upload punches later (at most <c>MaxBackfill</c> back),
/// and a device clock may run slightly fast (at most <c>MaxClockSkewAhead</c>). Without a time, the server's is used.
/// </summary>
public sealed class PunchTimePolicy(WorkSchedule schedule, TimeProvider time)
{
    /// <summary>The effective punch time, or a description of why the given one is refused.</summary>
    public (DateTimeOffset? PunchedAt, string? Error) Resolve(DateTimeOffset? requested)
    {
        var now = time.GetUtcNow();
        if (requested is null)
            return (now, null);
        if (requested.Value > now + schedule.MaxClockSkewAhead)
        {
            return (null,
                $"is more than {schedule.MaxClockSkewAhead.TotalMinutes:0} minutes ahead of the server clock");
        }
        if (requested.Value < now - schedule.MaxBackfill)
            return (null, $"is more than {schedule.MaxBackfill.TotalDays:0.#} days in the past");
        return (requested.Value.ToUniversalTime(), null);
    }
}
