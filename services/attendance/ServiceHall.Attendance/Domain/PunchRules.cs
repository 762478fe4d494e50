namespace ServiceHall.Attendance.Domain;

/// <summary>
/// R1.1 / A4: late = the first clock-in of a workday after start of work + grace; early leave = a clock-out on a
/// workday before the end of work. Minutes are rounded up, so any lateness counts at least one minute.
/// Times are judged in hall time.
/// </summary>
public sealed class PunchRules(WorkSchedule schedule, TimeZoneInfo hallTimeZone)
{
    public DateOnly WorkDateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, hallTimeZone).DateTime);

    public PunchAssessment AssessClockIn(DateTimeOffset punchedAt, bool firstClockInOfDay)
    {
        var local = TimeZoneInfo.ConvertTime(punchedAt, hallTimeZone).DateTime;
        var workDate = DateOnly.FromDateTime(local);
        if (!firstClockInOfDay || !schedule.IsWorkday(workDate))
            return PunchAssessment.OnTime(workDate);
        var start = workDate.ToDateTime(schedule.StartOfWork);
        var lateAfter = start.AddMinutes(schedule.GraceMinutes);
        return local > lateAfter
            ? new PunchAssessment(workDate, true, CeilingMinutes(local - start))
            : PunchAssessment.OnTime(workDate);
    }

    public PunchAssessment AssessClockOut(DateTimeOffset punchedAt)
    {
        var local = TimeZoneInfo.ConvertTime(punchedAt, hallTimeZone).DateTime;
        var workDate = DateOnly.FromDateTime(local);
        if (!schedule.IsWorkday(workDate))
            return PunchAssessment.OnTime(workDate);
        var end = workDate.ToDateTime(schedule.EndOfWork);
        return local < end
            ? new PunchAssessment(workDate, true, CeilingMinutes(end - local))
            : PunchAssessment.OnTime(workDate);
    }

    private static int CeilingMinutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);
}
