namespace ServiceHall.Attendance.Domain;

/// <summary>
/// Which punch times are believable. A time of day is asserted only by what witnesses it: a badge reader or kiosk (a
/// machine) may send one within its offline buffer (at most <c>MaxBackfill</c> back; its clock may run at most
/// <c>MaxClockSkewAhead</c> fast); a person's own punch takes the server's clock and may not name a time.
/// Without a time, the server's is used.
/// </summary>
public sealed class PunchTimePolicy(WorkSchedule schedule, TimeProvider time)
{
    /// <summary>The effective punch time, or a description of why the given one is refused.</summary>
    public (DateTimeOffset? PunchedAt, string? Error) Resolve(DateTimeOffset? requested, bool witnessedByMachine)
    {
        var now = time.GetUtcNow();
        if (requested is null)
            return (ToMilliseconds(now), null);
        if (!witnessedByMachine)
        {
            return (null, "may be sent only by a badge reader or kiosk (a machine token); a staff member's own punch " +
                          "takes the server's clock — leave it out, or file a correction for an earlier time");
        }
        if (requested.Value > now + schedule.MaxClockSkewAhead)
        {
            return (null,
                $"is more than {schedule.MaxClockSkewAhead.TotalMinutes:0} minutes ahead of the server clock");
        }
        if (requested.Value < now - schedule.MaxBackfill)
            return (null, $"is more than {schedule.MaxBackfill.TotalDays:0.#} days in the past");
        return (ToMilliseconds(requested.Value), null);
    }

    /// <summary>
    /// A punch time in UTC to the whole millisecond: both databases store it exactly (PostgreSQL keeps microseconds,
    /// SQLite here 0.1 ms), so the time read back is the time judged and answered.
    /// </summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
