using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Domain;

/// <summary>
/// The working day (R1.1 按时上下班，不得无故迟到、早退、缺岗; A4 hours; A5 轮班; R1.7 leave and going out). Pure: the
/// whole day is judged again from its punches whenever something changes, so a fact always follows from what is known.
/// <list type="bullet">
/// <item>Late (迟到): per owed session, not on post at its start plus grace, and the first clock-in of the session
/// comes by its cut-off. Coming back from lunch after the afternoon's start is late for the afternoon. Minutes are
/// working time from the session's start, never lunch.</item>
/// <item>Absent (缺岗): an owed session without a clock-in by its cut-off; never also late for that session.</item>
/// <item>Early (早退): the day's last clock-out before the end of the last owed session attended, judged only when the
/// day is closed; a clock-out at lunch followed by a clock-in is lunch.</item>
/// <item>Away from the post (脱岗): a clock-out followed by a clock-in, or a LeavePost/ReturnToPost, counted only inside
/// owed working time after arrival (never lunch, never before the first clock-in or after the last clock-out);
/// unapproved and longer than the threshold → off post; under an approved outing and longer than it → overran.</item>
/// <item>A closed day whose last punch is a clock-in → a missing clock-out, never an early leave.</item>
/// </list>
/// Approved leave excuses what it covers: a session's start moves to the end of leave covering it, its end to the
/// start of leave covering it, and leave is never counted as time away.
/// </summary>
public sealed class WorkingDayRule(WorkCalendar calendar, JudgingSettings settings)
{
    public JudgingSettings Settings => settings;

    private sealed record SessionSpan(DaySession Session, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Cutoff);

    /// <summary>An owed session the person came to: from their arrival (or its start) to its (leave-adjusted) end.</summary>
    private sealed record Attended(DaySession Session, DateTimeOffset From, DateTimeOffset End);

    public IReadOnlyList<JudgedFact> Judge(WorkingDayInput day)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (!calendar.IsWorkday(day.Date) || day.Owed.Count == 0)
            return [];
        var punches = day.Punches.OrderBy(p => p.At).ThenBy(p => p.Kind).ToList();
        var leave = day.ApprovedLeave;
        var grace = TimeSpan.FromMinutes(settings.GraceMinutes);
        var facts = new List<JudgedFact>();
        var attended = new List<Attended>();

        foreach (var session in Spans(day.Date, day.Owed))
        {
            var start = PastLeave(session.Start, leave);
            if (start >= session.End)
                continue; // on leave for the whole session
            var end = BeforeLeave(session.End, start, leave);
            var onTimeUntil = start + grace;
            var cutoff = session.Cutoff > onTimeUntil ? session.Cutoff : onTimeUntil;
            if (IsIn(punches, onTimeUntil))
            {
                attended.Add(new Attended(session.Session, start, end));
                continue;
            }
            var arrival = punches.FirstOrDefault(p => p.Kind == PunchKind.ClockIn && p.At > onTimeUntil && p.At < session.End);
            if (arrival is not null && arrival.At <= cutoff)
            {
                facts.Add(new JudgedFact($"late:{session.Session}", AttendanceFactKind.Late, session.Session, arrival.At,
                    CeilingMinutes(arrival.At - start)));
                attended.Add(new Attended(session.Session, arrival.At, end));
            }
            else if (arrival is not null || day.AsOf >= cutoff || day.Closed)
            {
                // Arriving after the cut-off makes the absence stand, and is no lateness.
                facts.Add(new JudgedFact($"absent:{session.Session}", AttendanceFactKind.Absent, session.Session, cutoff,
                    CeilingMinutes(Within(start, end, [(start, end)], leave))));
            }
        }

        var owedTime = attended.Select(a => (a.From, a.End)).ToList();
        facts.AddRange(TimeAwayBetweenPunches(punches, owedTime, leave));
        facts.AddRange(TimeAwayFromPost(day, punches, owedTime, leave));

        if (day.Closed && punches.Count > 0)
        {
            var last = punches[^1];
            if (last.Kind == PunchKind.ClockIn)
            {
                facts.Add(new JudgedFact("missing-clock-out", AttendanceFactKind.MissingClockOut, DaySession.None,
                    last.At, 0));
            }
            else if (attended.Count > 0)
            {
                var lastSession = attended[^1];
                var early = Within(last.At, lastSession.End, [(lastSession.From, lastSession.End)], leave);
                if (early > TimeSpan.Zero)
                {
                    facts.Add(new JudgedFact("early", AttendanceFactKind.LeftEarly, DaySession.None, last.At,
                        CeilingMinutes(early)));
                }
            }
        }
        return facts;
    }

    /// <summary>Each clock-out followed by a clock-in: the owed working time between them past the threshold.</summary>
    private IEnumerable<JudgedFact> TimeAwayBetweenPunches(List<DayPunch> punches,
        List<(DateTimeOffset From, DateTimeOffset End)> owedTime, IReadOnlyList<DaySpan> leave)
    {
        var on = false;
        DateTimeOffset? outSince = null;
        foreach (var punch in punches)
        {
            if (punch.Kind == PunchKind.ClockIn && !on)
            {
                on = true;
                if (outSince is { } left)
                {
                    var away = Within(left, punch.At, owedTime, leave);
                    if (away > TimeSpan.FromMinutes(settings.OffPostThresholdMinutes))
                    {
                        yield return new JudgedFact($"gap:{left.UtcTicks}", AttendanceFactKind.OffPost,
                            SessionAt(left), left, CeilingMinutes(away));
                    }
                }
            }
            else if (punch.Kind == PunchKind.ClockOut && on)
            {
                on = false;
                outSince = punch.At;
            }
        }
    }

    /// <summary>Times away recorded with LeavePost: a clock-out closes one left open; an open one runs to now.</summary>
    private IEnumerable<JudgedFact> TimeAwayFromPost(WorkingDayInput day, List<DayPunch> punches,
        List<(DateTimeOffset From, DateTimeOffset End)> owedTime, IReadOnlyList<DaySpan> leave)
    {
        foreach (var away in day.Aways)
        {
            var clockOut = punches.FirstOrDefault(p => p.Kind == PunchKind.ClockOut && p.At >= away.LeftAt);
            var end = away.ReturnedAt ?? day.AsOf;
            if (clockOut is not null && clockOut.At < end)
                end = clockOut.At;
            var counted = Within(away.LeftAt, end, owedTime, leave);
            var allowed = TimeSpan.FromMinutes(away.ApprovedOutingMinutes ?? settings.OffPostThresholdMinutes);
            if (counted <= allowed)
                continue;
            var key = $"away:{away.AwayId:N}";
            yield return away.ApprovedOutingMinutes is null
                ? new JudgedFact(key, AttendanceFactKind.OffPost, SessionAt(away.LeftAt), away.LeftAt,
                    CeilingMinutes(counted))
                : new JudgedFact(key, AttendanceFactKind.OutingOverran, SessionAt(away.LeftAt), away.LeftAt,
                    CeilingMinutes(counted - allowed));
        }
    }

    /// <summary>The session an instant falls in, or follows: from the end of the morning on, the afternoon.</summary>
    private DaySession SessionAt(DateTimeOffset instant)
    {
        var periods = calendar.WorkingPeriods(calendar.DateOf(instant));
        return periods.Count > 1 && instant >= periods[0].End ? DaySession.Afternoon : DaySession.Morning;
    }

    private List<SessionSpan> Spans(DateOnly date, IReadOnlySet<DaySession> owed)
    {
        var periods = calendar.WorkingPeriods(date);
        if (periods.Count == 0)
            return [];
        if (periods.Count == 1)
        {
            // No lunch break: one session, owed by every shift.
            return [new SessionSpan(DaySession.Morning, periods[0].Start, periods[0].End,
                Clamp(calendar.At(date, settings.MorningAbsenceCutoff), periods[0]))];
        }
        var spans = new List<SessionSpan>();
        if (owed.Contains(DaySession.Morning))
        {
            spans.Add(new SessionSpan(DaySession.Morning, periods[0].Start, periods[0].End,
                Clamp(calendar.At(date, settings.MorningAbsenceCutoff), periods[0])));
        }
        if (owed.Contains(DaySession.Afternoon))
        {
            spans.Add(new SessionSpan(DaySession.Afternoon, periods[1].Start, periods[1].End,
                Clamp(calendar.At(date, settings.AfternoonAbsenceCutoff), periods[1])));
        }
        return spans;
    }

    /// <summary>A cut-off lies inside its session: at the latest its end.</summary>
    private static DateTimeOffset Clamp(DateTimeOffset cutoff, WorkingPeriod period) =>
        cutoff < period.Start ? period.Start : cutoff > period.End ? period.End : cutoff;

    /// <summary>On post at <paramref name="instant"/>: the last punch at or before it is a clock-in.</summary>
    private static bool IsIn(List<DayPunch> punches, DateTimeOffset instant) =>
        punches.LastOrDefault(p => p.At <= instant)?.Kind == PunchKind.ClockIn;

    private static DateTimeOffset PastLeave(DateTimeOffset instant, IReadOnlyList<DaySpan> leave)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            if (leave.FirstOrDefault(l => l.Start <= instant && instant < l.End) is { } covering)
            {
                instant = covering.End;
                moved = true;
            }
        }
        return instant;
    }

    private static DateTimeOffset BeforeLeave(DateTimeOffset end, DateTimeOffset start, IReadOnlyList<DaySpan> leave)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            if (leave.FirstOrDefault(l => l.Start > start && l.Start < end && l.End >= end) is { } covering)
            {
                end = covering.Start;
                moved = true;
            }
        }
        return end;
    }

    /// <summary>How much of [from, to) lies inside <paramref name="within"/> and outside approved leave.</summary>
    private static TimeSpan Within(DateTimeOffset from, DateTimeOffset to,
        IEnumerable<(DateTimeOffset From, DateTimeOffset End)> within, IReadOnlyList<DaySpan> leave)
    {
        var total = TimeSpan.Zero;
        foreach (var (spanFrom, spanEnd) in within)
        {
            var a = from > spanFrom ? from : spanFrom;
            var b = to < spanEnd ? to : spanEnd;
            if (b <= a)
                continue;
            var cursor = a;
            var covered = TimeSpan.Zero;
            foreach (var l in leave.Where(l => l.End > a && l.Start < b).OrderBy(l => l.Start))
            {
                var s = l.Start > cursor ? l.Start : cursor;
                var e = l.End < b ? l.End : b;
                if (e > s)
                {
                    covered += e - s;
                    cursor = e;
                }
            }
            total += b - a - covered;
        }
        return total;
    }

    private static int CeilingMinutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);
}
