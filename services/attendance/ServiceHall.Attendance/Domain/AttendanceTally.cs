using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Domain;

/// <summary>One person's attendance over a span of days: what R1.6's register and weekly summary report.</summary>
public sealed record AttendanceLine(
    string UnitId, string StaffId, string DisplayName,
    int DaysPresent, int Late, int MinutesLate, int LeftEarly, int MinutesEarly,
    int OffPost, int OutingsOverran, int Absent, int Leaves, int LeaveMinutes)
{
    /// <summary>True when anything but presence happened: the lines a duty register names.</summary>
    public bool HasFindings => Late + LeftEarly + OffPost + OutingsOverran + Absent + Leaves > 0;

    public static AttendanceLine Total(string unitId, string displayName, IEnumerable<AttendanceLine> lines)
    {
        var all = lines.ToList();
        return new AttendanceLine(unitId, "", displayName, all.Sum(l => l.DaysPresent), all.Sum(l => l.Late),
            all.Sum(l => l.MinutesLate), all.Sum(l => l.LeftEarly), all.Sum(l => l.MinutesEarly),
            all.Sum(l => l.OffPost), all.Sum(l => l.OutingsOverran), all.Sum(l => l.Absent), all.Sum(l => l.Leaves),
            all.Sum(l => l.LeaveMinutes));
    }
}

/// <summary>
/// R1.6: counts, per staff member, the late arrivals, early leaves, times off post, overrun outings, absences and
/// approved leave of the days <c>from</c> to <c>to</c> (hall dates, both included). Pure: the caller loads the facts.
/// Off post counts only unapproved time away that was reported (longer than the threshold); leave counts approved
/// leave overlapping the span and the working minutes of it inside the span.
/// </summary>
public static class AttendanceTally
{
    public static IReadOnlyList<AttendanceLine> Count(
        WorkCalendar calendar, DateOnly from, DateOnly to,
        IEnumerable<StaffMember> staff,
        IEnumerable<AttendanceRecord> records,
        IEnumerable<AwayFromPost> aways,
        IEnumerable<Absence> absences,
        IEnumerable<LeaveRequest> leaves)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var spanStart = calendar.At(from, TimeOnly.MinValue);
        var spanEnd = calendar.At(to.AddDays(1), TimeOnly.MinValue);
        bool InSpan(DateOnly date) => date >= from && date <= to;

        var recordsOf = records.Where(r => InSpan(r.WorkDate)).ToLookup(r => r.StaffId);
        var awaysOf = aways.Where(a => a.ReportedAt is not null && InSpan(calendar.DateOf(a.LeftAt)))
            .ToLookup(a => a.StaffId);
        var absencesOf = absences.Where(a => InSpan(a.WorkDate)).ToLookup(a => a.StaffId);
        var leavesOf = leaves.Where(l => l.Status == LeaveStatus.Approved && l.Overlaps(spanStart, spanEnd))
            .ToLookup(l => l.StaffId);

        return staff
            .OrderBy(s => s.UnitId, StringComparer.Ordinal).ThenBy(s => s.StaffId, StringComparer.Ordinal)
            .Select(s =>
            {
                var own = recordsOf[s.StaffId].ToList();
                var away = awaysOf[s.StaffId].ToList();
                var leave = leavesOf[s.StaffId].ToList();
                var leaveMinutes = leave.Sum(l => (int)calendar.WorkingTimeBetween(
                    Max(l.StartsAt, spanStart), Min(l.EndsAt, spanEnd)).TotalMinutes);
                return new AttendanceLine(s.UnitId, s.StaffId, s.DisplayName,
                    DaysPresent: own.Count(r => r.FirstClockInAt is not null),
                    Late: own.Count(r => r.Late), MinutesLate: own.Where(r => r.Late).Sum(r => r.MinutesLate),
                    LeftEarly: own.Count(r => r.LeftEarly),
                    MinutesEarly: own.Where(r => r.LeftEarly).Sum(r => r.MinutesEarly),
                    OffPost: away.Count(a => a.OutingId is null),
                    OutingsOverran: away.Count(a => a.OutingId is not null),
                    Absent: absencesOf[s.StaffId].Count(),
                    Leaves: leave.Count, LeaveMinutes: leaveMinutes);
            })
            .ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
