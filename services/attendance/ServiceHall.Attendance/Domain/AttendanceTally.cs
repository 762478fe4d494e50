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
/// R1.6: counts, per staff member, the late arrivals, early leaves, times off post, overrun outings, absent sessions and
/// approved leave of the days <c>from</c> to <c>to</c> (hall dates, both included). Pure: the caller loads the facts.
/// Facts count while they stand (provisional or final), never voided or withdrawn ones; leave counts approved leave
/// overlapping the span and the working minutes of it inside the span.
/// </summary>
public static class AttendanceTally
{
    public static IReadOnlyList<AttendanceLine> Count(
        WorkCalendar calendar, DateOnly from, DateOnly to,
        IEnumerable<StaffMember> staff,
        IEnumerable<AttendanceRecord> records,
        IEnumerable<AttendanceFact> facts,
        IEnumerable<LeaveRequest> leaves)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var spanStart = calendar.At(from, TimeOnly.MinValue);
        var spanEnd = calendar.At(to.AddDays(1), TimeOnly.MinValue);
        bool InSpan(DateOnly date) => date >= from && date <= to;

        var recordsOf = records.Where(r => InSpan(r.WorkDate)).ToLookup(r => r.StaffId);
        var factsOf = facts.Where(f => f.Stands && InSpan(f.WorkDate)).ToLookup(f => f.StaffId);
        var leavesOf = leaves.Where(l => l.Status == LeaveStatus.Approved && l.Overlaps(spanStart, spanEnd))
            .ToLookup(l => l.StaffId);

        return staff
            .OrderBy(s => s.UnitId, StringComparer.Ordinal).ThenBy(s => s.StaffId, StringComparer.Ordinal)
            .Select(s =>
            {
                var own = recordsOf[s.StaffId].ToList();
                var found = factsOf[s.StaffId].ToList();
                var leave = leavesOf[s.StaffId].ToList();
                var leaveMinutes = leave.Sum(l => (int)calendar.WorkingTimeBetween(
                    Max(l.StartsAt, spanStart), Min(l.EndsAt, spanEnd)).TotalMinutes);
                IEnumerable<AttendanceFact> Of(AttendanceFactKind kind) => found.Where(f => f.Kind == kind);
                return new AttendanceLine(s.UnitId, s.StaffId, s.DisplayName,
                    DaysPresent: own.Count(r => r.FirstClockInAt is not null),
                    Late: Of(AttendanceFactKind.Late).Count(), MinutesLate: Of(AttendanceFactKind.Late).Sum(f => f.Minutes),
                    LeftEarly: Of(AttendanceFactKind.LeftEarly).Count(),
                    MinutesEarly: Of(AttendanceFactKind.LeftEarly).Sum(f => f.Minutes),
                    OffPost: Of(AttendanceFactKind.OffPost).Count(),
                    OutingsOverran: Of(AttendanceFactKind.OutingOverran).Count(),
                    Absent: Of(AttendanceFactKind.Absent).Count(),
                    Leaves: leave.Count, LeaveMinutes: leaveMinutes);
            })
            .ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
