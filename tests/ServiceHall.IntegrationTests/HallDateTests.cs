using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Hall dates on both databases, at 00:30 and 23:30 hall time: the same week judged on PostgreSQL and on SQLite (the
/// standalone host's database) must agree. SQLite once compared clock readings with their offset rather than
/// instants: an approved leave 09:00–17:00 was not found (an absence on the day of approved leave) and a punch
/// between 00:00 and 08:00 hall time belonged to the day before.
/// </summary>
public sealed class HallDateTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Reader = TestAuth.Bearer("reader-1", Roles.System);

    public static TheoryData<string, int, int> Clocks => new()
    {
        { "PostgreSQL", 0, 30 }, { "PostgreSQL", 23, 30 }, { "SQLite", 0, 30 }, { "SQLite", 23, 30 },
    };

    /// <summary>The settings with, on SQLite, the standalone composition: a data folder of SQLite files.</summary>
    internal static Dictionary<string, string?> Standalone(string database, string folder, Dictionary<string, string?> settings)
    {
        if (database == "SQLite")
            (settings["ServiceHall:Mode"], settings["ServiceHall:DataFolder"]) = ("Standalone", folder);
        return settings;
    }

    internal static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Absent (PostgreSQL ran), or a file still held: the temporary folder is cleaned with the machine.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task Leave_and_punches_belong_to_their_hall_day_on_both_databases(string database, int hour, int minute)
    {
        // Thursday 2026-11-26 at 00:30 or 23:30 hall time: Tuesday is closed (Wednesday 12:00 has passed).
        var time = new FakeTimeProvider(HallFixture.HallTime(26, hour, minute).ToUniversalTime());
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"halldate-{Guid.NewGuid():N}");
        // Facts settle for the production five minutes (the clock stands still here): nothing becomes final between
        // two punches of the same upload.
        var settings = Standalone(database, folder,
            new Dictionary<string, string?> { ["Attendance:FactSettleTime"] = "00:05:00" });
        await using var app = await ServiceApp.StartAttendanceAsync(await infra.ScopeAsync("halldate"), time,
            settings: settings);
        var client = new AttendanceService.AttendanceServiceClient(app.Channel);
        var id = Guid.NewGuid().ToString("N")[..6];
        var (window, onLeave, absent, punching) = ($"w-{id}", $"a-{id}", $"b-{id}", $"c-{id}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "社保 5号" }, Office);
        var roster = new SetRosterRequest { WindowId = window, WeekStart = "2026-11-23" };
        foreach (var staff in new[] { onLeave, absent, punching })
        {
            await client.RegisterStaffAsync(new RegisterStaffRequest
                { StaffId = staff, DisplayName = staff, UnitId = "unit-hr", WindowId = window }, Office);
            for (var day = 23; day <= 27; day++)
                roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = staff, Shift = Shift.FullDay });
        }
        await client.SetRosterAsync(roster, Office);

        // Tuesday: sick leave 09:00–17:00, approved afterwards.
        var leave = await client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = $"l-{id}", StaffId = onLeave, SubstituteStaffId = punching, Kind = LeaveKind.Sick, Reason = "就医",
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 17, 0)),
        }, TestAuth.Bearer(onLeave, Roles.Staff));
        await client.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = leave.Leave.LeaveId }, TestAuth.Bearer(punching, Roles.Staff));
        await client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.Leave.LeaveId },
            await People.LeaderAsync(client, "leader-1", "unit-hr", StaffRole.DutyLeader));
        // Wednesday from 00:30 (uploaded first), then Tuesday 08:55 to 23:30 (overtime): judging Tuesday at its last
        // punch must not take Wednesday's 00:30 clock-in for Tuesday's.
        async Task Punch(bool clockIn, int day, int h, int m)
        {
            var at = Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, h, m));
            if (clockIn)
                await client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = punching, DeviceId = "r", PunchedAt = at }, Reader);
            else
                await client.ClockOutAsync(new ClockOutRequest { PunchId = Guid.NewGuid().ToString(), StaffId = punching, DeviceId = "r", PunchedAt = at }, Reader);
        }
        await Punch(true, 25, 0, 30);
        await Punch(false, 25, 17, 0);
        await Punch(true, 24, 8, 55);
        await Punch(false, 24, 23, 30);
        Task<ListAttendanceFactsResponse> Tuesday(string staff) =>
            client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-24", StaffId = staff }, Office).ResponseAsync;

        var absences = await Eventually.Until(() => Tuesday(absent), f => f.Facts.Count == 2, TimeSpan.FromSeconds(20),
            $"the absent staff member's two absent sessions on {database}");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the day check runs a few more times
        var summary = await client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest
            { WeekStart = "2026-11-23", UnitId = "unit-hr" }, Office);

        Assert.All(absences.Facts, f => Assert.Equal(AttendanceFactKind.Absent, f.Kind));
        // The approved leave is found: no absence stands on the day of leave (the day check may have found one before
        // the approval, which then withdrew it).
        Assert.DoesNotContain((await Tuesday(onLeave)).Facts, Stands);
        Assert.Empty((await Tuesday(punching)).Facts); // no forgotten clock-out: 00:30 is Wednesday's
        var people = summary.Units.Single().People;
        var leaver = people.Single(p => p.StaffId == onLeave);
        Assert.Equal((1, 420), (leaver.Leaves, leaver.LeaveMinutes));
        Assert.Equal(2, people.Single(p => p.StaffId == punching).DaysPresent); // Tuesday and Wednesday
        static bool Stands(AttendanceFact f) =>
            f.Status is AttendanceFactStatus.Provisional or AttendanceFactStatus.Final;
        HallDateTests.DeleteFolder(folder);
    }

    [Fact]
    public async Task Instants_an_earlier_build_stored_with_their_offset_are_rewritten_in_utc_when_the_host_starts()
    {
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"normalize-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["ServiceHall:Mode"] = "Standalone", ["ServiceHall:DataFolder"] = folder };
        var staff = "s-" + Guid.NewGuid().ToString("N")[..6];
        var punchId = Guid.NewGuid().ToString();
        var scope = await infra.ScopeAsync("normalize");
        await using (var first = await ServiceApp.StartAttendanceAsync(scope, time, settings: settings))
        {
            var client = new AttendanceService.AttendanceServiceClient(first.Channel);
            await client.CreateWindowAsync(new CreateWindowRequest { WindowId = "w-" + staff, UnitId = "unit-hr", Name = "1号" }, Office);
            await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "x", UnitId = "unit-hr", WindowId = "w-" + staff }, Office);
            await client.ClockInAsync(new ClockInRequest
            {
                PunchId = punchId, StaffId = staff, DeviceId = "r",
                PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 8, 55)),
            }, Reader);
        }
        var file = Path.Combine(folder, "attendance.db");
        var utc = await ScalarAsync(file, "SELECT PunchedAt FROM punches WHERE PunchId = $p", punchId);
        // What EF Core's DateTimeOffsetToBinaryConverter wrote for the same instant with the hall's offset: the clock
        // reading (08:55) in the high bits, the offset (+480 minutes) in the low 11.
        var clockTicks = ((utc >> 11) * 1000) + TimeSpan.FromHours(8).Ticks;
        var old = ((clockTicks / 1000) << 11) | 480;
        await ScalarAsync(file, $"UPDATE punches SET PunchedAt = {old} WHERE PunchId = $p", punchId);

        await using (await ServiceApp.StartAttendanceAsync(scope, time, settings: settings))
        {
        }

        Assert.NotEqual(utc, old);
        Assert.Equal(0, utc & 2047); // written in UTC
        Assert.Equal(utc, await ScalarAsync(file, "SELECT PunchedAt FROM punches WHERE PunchId = $p", punchId));
    }

    private static async Task<long> ScalarAsync(string file, string sql, string value)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        command.Parameters.AddWithValue("$p", value);
        return await command.ExecuteScalarAsync() is long result ? result : 0;
    }
}

/// <summary>
/// The cases service's hall-date queries — the ledger of a day, a staff member's work log — at 00:30 and 23:30 hall
/// time, on PostgreSQL and on SQLite: an application received at 00:30 is that day's, one at 23:30 not the next day's.
/// </summary>
public sealed class CaseHallDateTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);

    public static TheoryData<string, int, int> Clocks => HallDateTests.Clocks;

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task An_application_is_in_the_ledger_and_work_log_of_its_own_hall_day(string database, int hour, int minute)
    {
        var receivedAt = HallFixture.HallTime(25, hour, minute); // Wednesday 00:30 or 23:30 hall time
        var time = new FakeTimeProvider(receivedAt.ToUniversalTime());
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"casedate-{Guid.NewGuid():N}");
        var settings = HallDateTests.Standalone(database, folder, new Dictionary<string, string?>());
        await using var app = await ServiceApp.StartCasesAsync(await infra.ScopeAsync("casedate"), time, settings: settings);
        var cases = new ServiceHall.Cases.V1.CasesService.CasesServiceClient(app.Channel);
        var id = Guid.NewGuid().ToString("N")[..6];
        var (item, staff) = ($"item-{id}", $"s-{id}");
        await cases.PublishServiceItemAsync(TicketTests.Item(item, "m-id"), Office);
        var received = await cases.ReceiveApplicationAsync(new ServiceHall.Cases.V1.ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, StaffId = staff, SubmittedMaterialIds = { "m-id" },
            Applicant = new ServiceHall.Cases.V1.ApplicantData { Name = "孙七", IdNumber = "110101199001011234" },
        }, TestAuth.Bearer(staff, Roles.Staff));
        Task<ServiceHall.Cases.V1.Ledger> Ledger(string day) => cases.GetLedgerAsync(
            new ServiceHall.Cases.V1.GetLedgerRequest { From = day, To = day, ItemId = item }, Office).ResponseAsync;
        Task<ServiceHall.Cases.V1.WorkLogResponse> WorkLog(string day) => cases.GetWorkLogAsync(
            new ServiceHall.Cases.V1.GetWorkLogRequest { StaffId = staff, Date = day }, Office).ResponseAsync;

        var sameDay = await Ledger("2026-11-25");
        var dayBefore = await Ledger("2026-11-24");
        var dayAfter = await Ledger("2026-11-26");
        var log = await WorkLog("2026-11-25");
        var logBefore = await WorkLog("2026-11-24");

        Assert.Equal([received.CaseId], sameDay.Rows.Select(r => r.CaseId));
        Assert.Empty(dayBefore.Rows);
        Assert.Empty(dayAfter.Rows);
        Assert.Contains(received.CaseNumber, log.CasesReceived); // listed by case number once accepted
        Assert.Empty(logBefore.CasesReceived);
        HallDateTests.DeleteFolder(folder);
    }
}

/// <summary>
/// The complaints service's quality figures by hall day at 00:30 and 23:30 hall time, on PostgreSQL and SQLite: a
/// complaint received at 00:30 is that day's.
/// </summary>
public sealed class ComplaintHallDateTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);

    public static TheoryData<string, int, int> Clocks => HallDateTests.Clocks;

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task A_complaint_counts_in_the_figures_of_its_own_hall_day(string database, int hour, int minute)
    {
        var time = new FakeTimeProvider(HallFixture.HallTime(25, hour, minute).ToUniversalTime());
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"complaintdate-{Guid.NewGuid():N}");
        var settings = HallDateTests.Standalone(database, folder, new Dictionary<string, string?>());
        await using var app = await ServiceApp.StartComplaintsAsync(await infra.ScopeAsync("complaintdate"), time, settings: settings);
        var complaints = new ServiceHall.Complaints.V1.ComplaintsService.ComplaintsServiceClient(app.Channel);
        var staff = "s-" + Guid.NewGuid().ToString("N")[..6];
        await complaints.SubmitComplaintAsync(new ServiceHall.Complaints.V1.SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Phone,
            Category = ServiceHall.Complaints.V1.ComplaintCategory.Attitude, StaffId = staff, Content = "态度生硬",
            SourceId = "hotline-1", Complainant = new ServiceHall.Complaints.V1.Person { Name = "周八", Phone = "13500001111" },
        }, Office);
        async Task<int> Received(string day) =>
            (await complaints.GetQualityFiguresAsync(new ServiceHall.Complaints.V1.GetQualityFiguresRequest
                { From = day, To = day, Scope = ServiceHall.Complaints.V1.FigureScope.Staff, SubjectId = staff }, Office))
            .Subjects.SelectMany(s => s.ComplaintsByCategory).Sum(c => c.Received);

        Assert.Equal(1, await Received("2026-11-25"));
        Assert.Equal(0, await Received("2026-11-24"));
        Assert.Equal(0, await Received("2026-11-26"));
        HallDateTests.DeleteFolder(folder);
    }
}
