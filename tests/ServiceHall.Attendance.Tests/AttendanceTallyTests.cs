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

    private static AttendanceRecord Record(string staff, int day) => new()
    {
        RecordId = Guid.NewGuid(), StaffId = staff, WorkDate = new DateOnly(2026, 11, day), FirstClockInAt = At(day, 9),
    };

    private static AttendanceFact Fact(string staff, int day, AttendanceFactKind kind, int minutes = 0,
        AttendanceFactStatus status = AttendanceFactStatus.Final, string key = "k") => new()
    {
        FactId = Guid.NewGuid(), StaffId = staff, WindowId = "w", WorkDate = new DateOnly(2026, 11, day), Key = key,
        Kind = kind, OccurredAt = At(day, 9), Minutes = minutes, Settings = "", Status = status,
    };

    private static LeaveRequest Leave(string staff, DateTimeOffset from, DateTimeOffset to,
        LeaveStatus status = LeaveStatus.Approved) => new()
    {
        LeaveId = Guid.NewGuid().ToString(), StaffId = staff, StartsAt = from, EndsAt = to, SubstituteStaffId = "x",
        Reason = "r", Status = status,
    };

    private static IReadOnlyList<AttendanceLine> Count(StaffMember[] staff, AttendanceRecord[]? records = null,
        AttendanceFact[]? facts = null, LeaveRequest[]? leaves = null, DateOnly? from = null, DateOnly? to = null) =>
        AttendanceTally.Count(Calendar, from ?? Monday, to ?? Sunday, staff, records ?? [], facts ?? [], leaves ?? []);

    [Fact]
    public void Late_and_early_are_counted_with_their_minutes_and_days_present()
    {
        var line = Assert.Single(Count([Staff("anna")],
            [Record("anna", 23), Record("anna", 24), Record("anna", 25), Record("anna", 30)],
            [Fact("anna", 23, AttendanceFactKind.Late, 10), Fact("anna", 24, AttendanceFactKind.LeftEarly, 25),
             Fact("anna", 25, AttendanceFactKind.Late, 5, AttendanceFactStatus.Provisional),
             Fact("anna", 30, AttendanceFactKind.Late, 60)]));

        Assert.Equal((3, 2, 15, 1, 25), (line.DaysPresent, line.Late, line.MinutesLate, line.LeftEarly, line.MinutesEarly));
    }

    [Fact]
    public void Voided_and_withdrawn_facts_are_not_counted_and_overruns_count_apart_from_off_post()
    {
        var line = Assert.Single(Count([Staff("bo")], facts:
        [
            Fact("bo", 23, AttendanceFactKind.OffPost), Fact("bo", 24, AttendanceFactKind.OffPost, status: AttendanceFactStatus.Voided),
            Fact("bo", 24, AttendanceFactKind.Late, 9, AttendanceFactStatus.Withdrawn),
            Fact("bo", 25, AttendanceFactKind.OutingOverran),
        ]));

        Assert.Equal((1, 1, 0), (line.OffPost, line.OutingsOverran, line.Late));
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
            facts: [Fact("zed", 24, AttendanceFactKind.Absent), Fact("zed", 16, AttendanceFactKind.Absent)]);

        Assert.Equal(["eve", "zed"], lines.Select(l => l.StaffId));
        Assert.False(lines[0].HasFindings);
        Assert.Equal(1, lines[1].Absent);
        Assert.True(lines[1].HasFindings);
    }

    [Fact]
    public void One_day_spans_only_that_day()
    {
        var line = Assert.Single(Count([Staff("anna")],
            facts: [Fact("anna", 24, AttendanceFactKind.Late, 3), Fact("anna", 25, AttendanceFactKind.Late, 7)],
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

        Assert.Equal(string.Join(',', AttendanceCsv.Header), rows[0]);
        Assert.Equal("u1,人社局,s-1,\"王, \"\"小\"\"\",1,0,0,0,0,0,0,0,0,0", rows[1]);
        Assert.Equal("u1,人社局,s-2,'=cmd(),0,0,0,0,0,0,0,0,0,0", rows[2]);
    }
}
