namespace ServiceHall.Attendance.Domain;

/// <summary>
/// A session of a workday (A4: 09:00–12:00 and 13:00–17:00 by default, from the hall calendar). A roster entry's shift
/// says which sessions a person owes (轮班, A5): a full day both, a morning shift the first, an afternoon shift the second.
/// </summary>
public enum DaySession
{
    /// <summary>Not tied to one session (an early leave, a forgotten clock-out).</summary>
    None = 0,

    /// <summary>上午</summary>
    Morning = 1,

    /// <summary>下午</summary>
    Afternoon = 2,
}
