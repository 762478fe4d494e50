namespace ServiceHall.Calendar;

/// <summary>
/// The work calendar of one hall. It answers the questions every deadline and attendance rule asks:
/// is this a workday (holidays and make-up workdays 调休 included), when is one working, how much working time lies
/// between two instants (lunch breaks, nights, weekends and holidays excluded), and when do N working days or hours
/// from an instant end. All dates and hours are in the hall's time zone; instants may carry any offset.
/// </summary>
public sealed class WorkCalendar
{
    /// <summary>A calendar without a single workday in this many days is a configuration error, not a deadline.</summary>
    private const int MaxDaysScanned = 3660;

    private readonly HashSet<DayOfWeek> _workdays;
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkdays;

    public WorkCalendar(WorkCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EndOfWork <= options.StartOfWork)
            throw new ArgumentException("EndOfWork must be after StartOfWork.", nameof(options));
        if (options.LunchStart.HasValue != options.LunchEnd.HasValue ||
            (options.LunchStart is { } ls && options.LunchEnd is { } le &&
             (le <= ls || ls < options.StartOfWork || le > options.EndOfWork)))
        {
            throw new ArgumentException("The lunch break must lie within working hours, start before it ends, " +
                                        "and have both a start and an end (or neither).", nameof(options));
        }
        Options = options;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _workdays = [.. options.Workdays];
        _holidays = [.. options.Holidays];
        _makeUpWorkdays = [.. options.MakeUpWorkdays];
    }

    public WorkCalendarOptions Options { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The hall-time date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The instant of a hall-time date and time.</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    /// <summary>A make-up workday works even on a weekend; a holiday rests even on a weekday.</summary>
    public bool IsWorkday(DateOnly date) =>
        _makeUpWorkdays.Contains(date) || (!_holidays.Contains(date) && _workdays.Contains(date.DayOfWeek));

    /// <summary>The working periods of a day: morning and afternoon around lunch; none on a rest day.</summary>
    public IReadOnlyList<WorkingPeriod> WorkingPeriods(DateOnly date)
    {
        if (!IsWorkday(date))
            return [];
        if (Options.LunchStart is { } lunchStart && Options.LunchEnd is { } lunchEnd)
        {
            return
            [
                new WorkingPeriod(At(date, Options.StartOfWork), At(date, lunchStart)),
                new WorkingPeriod(At(date, lunchEnd), At(date, Options.EndOfWork)),
            ];
        }
        return [new WorkingPeriod(At(date, Options.StartOfWork), At(date, Options.EndOfWork))];
    }

    /// <summary>
    /// When the windows serve citizens: the working periods, and the lunch break too where staff rotate over lunch.
    /// </summary>
    public IReadOnlyList<WorkingPeriod> ServicePeriods(DateOnly date)
    {
        if (!IsWorkday(date))
            return [];
        return Options.LunchPolicy == LunchPolicy.Rotate
            ? [new WorkingPeriod(At(date, Options.StartOfWork), At(date, Options.EndOfWork))]
            : WorkingPeriods(date);
    }

    public bool IsWorkingTime(DateTimeOffset instant) =>
        WorkingPeriods(DateOf(instant)).Any(p => p.Contains(instant));

    public bool IsServiceTime(DateTimeOffset instant) =>
        ServicePeriods(DateOf(instant)).Any(p => p.Contains(instant));

    /// <summary>Working time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        for (var date = DateOf(from); date <= DateOf(to); date = date.AddDays(1))
        {
            foreach (var period in WorkingPeriods(date))
            {
                var start = period.Start > from ? period.Start : from;
                var end = period.End < to ? period.End : to;
                if (end > start)
                    total += end - start;
            }
        }
        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="amount"/> of working time has passed since <paramref name="start"/>.
    /// Starting outside working time, the clock starts with the next working period.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        var left = amount;
        var date = DateOf(start);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, date = date.AddDays(1))
        {
            foreach (var period in WorkingPeriods(date))
            {
                if (period.End <= start)
                    continue;
                var from = period.Start > start ? period.Start : start;
                var available = period.End - from;
                if (left <= available)
                    return from + left;
                left -= available;
            }
        }
        throw new InvalidOperationException($"No working time in {MaxDaysScanned} days: check the calendar.");
    }

    /// <summary>
    /// The end of the <paramref name="days"/>-th workday after the date of <paramref name="start"/> (the day of the
    /// start does not count, as a time limit runs from the next day): e.g. accepted on Monday, 5 working days end on
    /// the following Monday at the end of work, holidays skipped and make-up workdays counted.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return At(NthWorkdayAfter(DateOf(start), days), Options.EndOfWork);
    }

    /// <summary>The <paramref name="n"/>-th workday after <paramref name="date"/>.</summary>
    public DateOnly NthWorkdayAfter(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var counted = 0;
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++)
        {
            date = date.AddDays(1);
            if (IsWorkday(date) && ++counted == n)
                return date;
        }
        throw new InvalidOperationException($"No workday in {MaxDaysScanned} days: check the calendar.");
    }

    /// <summary>Workdays after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int WorkdaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkday(date))
                count++;
        }
        return count;
    }
}
