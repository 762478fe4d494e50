using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;

namespace ServiceHall.Attendance.Tests;

public sealed class AttendanceTallyTests
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly WorkCalendar Calendar = new(new WorkCalendarOptions());
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly DateOnly Sunday = new(2026, 11, 29);

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Offset);

    private static StaffMember Staff(string id, string unit = "u1") =>
        new() { StaffId = id, DisplayName = id, UnitId = unit, WindowId = "w-" + unit };

    private static AttendanceRecord Record(string staff, int day, bool late = false, int minutesLate = 0,
        bool early = false, int minutesEarly = 0) => new()
    {
        RecordId = Guid.NewGuid(), StaffId = staff, WorkDate = new DateOnly(2026, 11, day), FirstClockInAt = At(day, 9),
        Late = late, MinutesLate = minutesLate, LeftEarly = early, MinutesEarly = minutesEarly,
    };

    private static AwayFromPost Away(string staff, int day, bool reported, string? outing = null) => new()
    {
        AwayId = Guid.NewGuid(), StaffId = staff, WindowId = "w", LeftAt = At(day, 10), OutingId = outing,
        AllowedMinutes = 15, ReportedAt = reported ? At(day, 10, 20) : null,
    };

    private static LeaveRequest Leave(string staff, DateTimeOffset from, DateTimeOffset to,
        LeaveStatus status = LeaveStatus.Approved) => new()
    {
        LeaveId = Guid.NewGuid().ToString(), StaffId = staff, StartsAt = from, EndsAt = to, SubstituteStaffId = "x",
        Reason = "r", Status = status,
    };

    private static IReadOnlyList<AttendanceLine> Count(StaffMember[] staff, AttendanceRecord[]? records = null,
        AwayFromPost[]? aways = null, Absence[]? absences = null, LeaveRequest[]? leaves = null,
        DateOnly? from = null, DateOnly? to = null) =>
        AttendanceTally.Count(Calendar, from ?? Monday, to ?? Sunday, staff, records ?? [], aways ?? [], absences ?? [],
            leaves ?? []);

    [Fact]
    public void Late_and_early_are_counted_with_their_minutes_and_days_present()
    {
        var line = Assert.Single(Count([Staff("anna")],
            [Record("anna", 23, late: true, minutesLate: 10), Record("anna", 24, early: true, minutesEarly: 25),
             Record("anna", 25, late: true, minutesLate: 5), Record("anna", 30, late: true, minutesLate: 60)]));

        Assert.Equal((3, 2, 15, 1, 25), (line.DaysPresent, line.Late, line.MinutesLate, line.LeftEarly, line.MinutesEarly));
    }

    [Fact]
    public void Off_post_counts_only_reported_unapproved_time_away_and_overruns_count_apart()
    {
        var line = Assert.Single(Count([Staff("bo")],
            aways: [Away("bo", 23, reported: true), Away("bo", 24, reported: false), Away("bo", 25, reported: true, outing: "o-1")]));

        Assert.Equal((1, 1), (line.OffPost, line.OutingsOverran));
    }

    [Fact]
    public void Leave_counts_approved_leave_and_only_its_working_minutes_inside_the_span()
    {
        // Friday 09:00 to next Monday 12:00: this week holds Friday's 7 working hours only.
        var lines = Count([Staff("chen"), Staff("dai")], leaves:
        [
            Leave("chen", At(27, 9), At(30, 12)),
            Leave("dai", At(24, 9), At(24, 17), LeaveStatus.SubstituteAccepted),
        ]);

        Assert.Equal((1, 420), (lines[0].Leaves, lines[0].LeaveMinutes));
        Assert.Equal((0, 0), (lines[1].Leaves, lines[1].LeaveMinutes));
    }

    [Fact]
    public void Every_staff_member_has_a_line_sorted_by_unit_and_absences_are_counted()
    {
        var lines = Count([Staff("zed", "u2"), Staff("eve", "u1")],
            absences: [new Absence { StaffId = "zed", WindowId = "w", WorkDate = new DateOnly(2026, 11, 24) },
                       new Absence { StaffId = "zed", WindowId = "w", WorkDate = new DateOnly(2026, 11, 16) }]);

        Assert.Equal(["eve", "zed"], lines.Select(l => l.StaffId));
        Assert.False(lines[0].HasFindings);
        Assert.Equal(1, lines[1].Absent);
        Assert.True(lines[1].HasFindings);
    }

    [Fact]
    public void One_day_spans_only_that_day()
    {
        var line = Assert.Single(Count([Staff("anna")],
            [Record("anna", 24, late: true, minutesLate: 3), Record("anna", 25, late: true, minutesLate: 7)],
            from: new DateOnly(2026, 11, 25), to: new DateOnly(2026, 11, 25)));

        Assert.Equal((1, 7), (line.Late, line.MinutesLate));
    }

    [Fact]
    public void Csv_quotes_commas_and_quotes_and_defuses_formulas()
    {
        var csv = AttendanceCsv.Write(
            [new AttendanceLine("u1", "s-1", "王, \"小\"", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
             new AttendanceLine("u1", "s-2", "=cmd()", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
            new Dictionary<string, string> { ["u1"] = "人社局" });
        var rows = csv.Split("\r\n");

        Assert.Equal(AttendanceCsv.Header, rows[0]);
        Assert.Equal("u1,人社局,s-1,\"王, \"\"小\"\"\",1,0,0,0,0,0,0,0,0,0", rows[1]);
        Assert.Equal("u1,人社局,s-2,'=cmd(),0,0,0,0,0,0,0,0,0,0", rows[2]);
    }
}
