using ServiceHall.Calendar;

namespace ServiceHall.Cases.Domain;

/// <summary>A span during which a clock does not run (补正: the citizen supplements materials; a special procedure).</summary>
public sealed record Suspension(DateTimeOffset From, DateTimeOffset? To, string Reason);

/// <summary>The escalation steps of a clock, each fired once, in this order.</summary>
public enum EscalationStep
{
    None = 0,

    /// <summary>Two working days or fewer left.</summary>
    TwoDaysLeft = 1,

    /// <summary>The due day has come.</summary>
    Due = 2,

    /// <summary>Past the due moment.</summary>
    Overdue = 3,
}

/// <summary>
/// A time limit as a clock, not a stored date (R1.3b(四) 一周办结, the committed limit): it runs in working time on the hall's calendar from the start,
/// stops while suspended, may be extended once with a reason, and stops when the work is done. The due moment is the end
/// of the N-th workday after the start (the start day does not count), moved on by the working time spent suspended.
/// </summary>
public sealed class DeadlineClock
{
    private readonly List<Suspension> _suspensions = [];

    public DeadlineClock(DateTimeOffset startedAt, int limitDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitDays);
        StartedAt = startedAt;
        LimitDays = limitDays;
    }

    public DateTimeOffset StartedAt { get; }

    public int LimitDays { get; }

    public int ExtensionDays { get; private set; }

    public string? ExtensionReason { get; private set; }

    public DateTimeOffset? StoppedAt { get; private set; }

    public IReadOnlyList<Suspension> Suspensions => _suspensions;

    public bool IsSuspended => _suspensions.Count > 0 && _suspensions[^1].To is null;

    /// <summary>Rebuilds a stored clock.</summary>
    public static DeadlineClock Restore(DateTimeOffset startedAt, int limitDays, int extensionDays, string? extensionReason,
        DateTimeOffset? stoppedAt, IEnumerable<Suspension> suspensions)
    {
        var clock = new DeadlineClock(startedAt, limitDays)
        {
            ExtensionDays = extensionDays, ExtensionReason = extensionReason, StoppedAt = stoppedAt,
        };
        clock._suspensions.AddRange(suspensions);
        return clock;
    }

    public void Suspend(DateTimeOffset at, string reason)
    {
        RequireRunning("suspended");
        if (IsSuspended)
            throw new CaseRuleException("R1.3b(四)", "clock", "The clock is already suspended.");
        _suspensions.Add(new Suspension(Later(at, StartedAt), null, reason));
    }

    public void Resume(DateTimeOffset at)
    {
        if (!IsSuspended)
            throw new CaseRuleException("R1.3b(四)", "clock", "The clock is not suspended.");
        var open = _suspensions[^1];
        _suspensions[^1] = open with { To = Later(at, open.From) };
    }

    /// <summary>延期: once, with a reason, never past the statutory limit.</summary>
    public void Extend(int days, string reason, int statutoryDays)
    {
        RequireRunning("extended");
        if (ExtensionDays > 0)
            throw new CaseRuleException("R1.3b(四)", "clock", $"The time limit was already extended once ({ExtensionReason}).");
        if (days < 1 || LimitDays + days > statutoryDays)
        {
            throw new CaseRuleException("R1.3b(四)", "clock",
                $"An extension of {days} working day(s) would pass the statutory limit of {statutoryDays}.");
        }
        (ExtensionDays, ExtensionReason) = (days, reason);
    }

    public void Stop(DateTimeOffset at)
    {
        if (IsSuspended)
            Resume(at);
        StoppedAt ??= Later(at, StartedAt);
    }

    /// <summary>Working time spent suspended up to <paramref name="now"/> (or the stop).</summary>
    public TimeSpan Suspended(WorkCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var end = StoppedAt ?? now;
        return _suspensions.Aggregate(TimeSpan.Zero, (sum, s) =>
            sum + calendar.WorkingTimeBetween(s.From, Earlier(s.To ?? end, end)));
    }

    /// <summary>Working time the clock has run, suspensions excluded.</summary>
    public TimeSpan Elapsed(WorkCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.WorkingTimeBetween(StartedAt, StoppedAt ?? now) - Suspended(calendar, now);
    }

    /// <summary>The due moment as of <paramref name="now"/>: it moves on while the clock is suspended.</summary>
    public DateTimeOffset DueAt(WorkCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = calendar.AddWorkingDays(StartedAt, LimitDays + ExtensionDays);
        var suspended = Suspended(calendar, now);
        return suspended > TimeSpan.Zero ? calendar.AddWorkingTime(due, suspended) : due;
    }

    /// <summary>Working time left until due (negative when overdue).</summary>
    public TimeSpan Remaining(WorkCalendar calendar, DateTimeOffset now)
    {
        var due = DueAt(calendar, now);
        var at = StoppedAt ?? now;
        return at <= due ? calendar.WorkingTimeBetween(at, due) : -calendar.WorkingTimeBetween(due, at);
    }

    /// <summary>The highest escalation step reached at <paramref name="now"/>; none while stopped or suspended.</summary>
    public EscalationStep StepAt(WorkCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (StoppedAt is not null || IsSuspended)
            return EscalationStep.None;
        var due = DueAt(calendar, now);
        if (now > due)
            return EscalationStep.Overdue;
        var (today, dueDay) = (calendar.DateOf(now), calendar.DateOf(due));
        if (today >= dueDay)
            return EscalationStep.Due;
        return calendar.WorkdaysBetween(today, dueDay) <= 2 ? EscalationStep.TwoDaysLeft : EscalationStep.None;
    }

    private void RequireRunning(string what)
    {
        if (StoppedAt is not null)
            throw new CaseRuleException("R1.3b(四)", "clock", $"A stopped clock cannot be {what}.");
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
