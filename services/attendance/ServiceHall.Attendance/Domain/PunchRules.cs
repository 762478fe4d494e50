using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Domain;

/// <summary>
/// R1.1 / A4: late = the first clock-in of a workday after start of work + grace; early leave = a clock-out on a
/// workday before the end of work. Minutes are rounded up, so any lateness counts at least one minute.
/// Times are judged in hall time, on the hall's work calendar (a make-up Saturday is a workday, a holiday is not).
/// </summary>
public sealed class PunchRules(WorkSchedule schedule, WorkCalendar calendar)
{
    public DateOnly WorkDateOf(DateTimeOffset instant) => calendar.DateOf(instant);

    /// <remarks>
    /// Approved leave of the staff member that day excuses: leave over the start of work excuses lateness, leave from
    /// the clock-out to the end of work excuses leaving early. Approved leave never counts against anyone.
    /// </remarks>
    public PunchAssessment AssessClockIn(DateTimeOffset punchedAt, bool firstClockInOfDay,
        IReadOnlyCollection<LeaveRequest>? approvedLeave = null)
    {
        var local = TimeZoneInfo.ConvertTime(punchedAt, calendar.TimeZone).DateTime;
        var workDate = DateOnly.FromDateTime(local);
        if (!firstClockInOfDay || !calendar.IsWorkday(workDate))
            return PunchAssessment.OnTime(workDate);
        var start = workDate.ToDateTime(calendar.Options.StartOfWork);
        if (approvedLeave?.Any(l => l.Covers(calendar.At(workDate, calendar.Options.StartOfWork))) == true)
            return PunchAssessment.OnTime(workDate);
        var lateAfter = start.AddMinutes(schedule.GraceMinutes);
        return local > lateAfter
            ? new PunchAssessment(workDate, true, CeilingMinutes(local - start))
            : PunchAssessment.OnTime(workDate);
    }

    public PunchAssessment AssessClockOut(DateTimeOffset punchedAt, IReadOnlyCollection<LeaveRequest>? approvedLeave = null)
    {
        var local = TimeZoneInfo.ConvertTime(punchedAt, calendar.TimeZone).DateTime;
        var workDate = DateOnly.FromDateTime(local);
        if (!calendar.IsWorkday(workDate))
            return PunchAssessment.OnTime(workDate);
        var end = workDate.ToDateTime(calendar.Options.EndOfWork);
        var lastMoment = calendar.At(workDate, calendar.Options.EndOfWork).AddTicks(-1);
        if (approvedLeave?.Any(l => l.Covers(lastMoment) && l.StartsAt <= punchedAt.AddMinutes(1)) == true)
            return PunchAssessment.OnTime(workDate);
        return local < end
            ? new PunchAssessment(workDate, true, CeilingMinutes(end - local))
            : PunchAssessment.OnTime(workDate);
    }

    private static int CeilingMinutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);
}
