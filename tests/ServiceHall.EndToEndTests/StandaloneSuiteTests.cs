using ServiceHall.Cases.V1;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>The standalone host (all four services in one process, SQLite, in-memory bus) as its own process.</summary>
public sealed class StandaloneFixture : IAsyncLifetime
{
    public string DataFolder { get; } =
        Path.Combine(Path.GetTempPath(), "servicehall-tests", $"standalone-{Guid.NewGuid():N}");

    public ServiceProcess Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = new ServiceProcess("standalone", "deploy/Standalone",
            new Dictionary<string, string> { ["ServiceHall__DataFolder"] = DataFolder });
        await Host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class StandaloneSuiteTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    [Fact]
    public async Task Three_late_mornings_in_one_week_end_in_both_sanctions_exactly_once()
    {
        var story = new AttendanceWeekStory(standalone.Host.Channel, standalone.Host.Channel,
            new SqliteStoryDatabase(Path.Combine(standalone.DataFolder, "attendance.db")),
            () => standalone.Host.Tail(100_000));

        await story.RunAsync();
    }

    [Fact]
    public async Task A_citizens_visit_runs_from_ticket_to_acceptance_on_sqlite_and_the_in_memory_bus()
    {
        var story = new CitizenVisitStory(standalone.Host.Channel, standalone.Host.Channel, standalone.Host.Channel);
        await story.SetUpAsync();

        var (first, firstCase) = await story.VisitAsync();
        var (second, secondCase) = await story.VisitAsync();
        var review = await story.ReviewAsync(first.TicketId, ServiceHall.Complaints.V1.Grade.Dissatisfied);

        Assert.NotEqual(first.Number, second.Number);
        Assert.NotEqual(firstCase.CaseNumber, secondCase.CaseNumber);
        Assert.DoesNotContain(story.IdNumber, standalone.Host.Tail(1_000_000));
        Assert.Equal((story.Window, story.Staff, true, "OPEN"), (review.WindowId, review.StaffId, review.Bad, review.Rectification.Status));
    }

    [Fact]
    public async Task A_call_sent_again_with_its_request_id_answers_as_the_first_time_on_sqlite()
    {
        var story = new CitizenVisitStory(standalone.Host.Channel, standalone.Host.Channel, standalone.Host.Channel);
        await story.SetUpAsync();
        var ticket = await story.Cases.TakeTicketAsync(
            new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = story.Item }, story.Kiosk);
        var headers = new Grpc.Core.Metadata();
        foreach (var entry in story.Kiosk)
            headers.Add(entry);
        headers.Add("request-id", Guid.NewGuid().ToString());
        var request = new CallNextTicketRequest { WindowId = story.Window, StaffId = story.Staff };

        var called = await story.Cases.CallNextTicketAsync(request, headers);
        var again = await story.Cases.CallNextTicketAsync(request, headers);
        var fresh = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            story.Cases.CallNextTicketAsync(request, story.Kiosk).ResponseAsync);

        Assert.Equal(ticket.TicketId, called.Ticket.TicketId);
        Assert.Equal(called, again);
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, fresh.StatusCode);
    }

    [Fact]
    public async Task A_week_of_the_hall_runs_to_the_monday_brief_on_the_standalone_host()
    {
        var channel = standalone.Host.Channel;
        await new HallWeekStory(channel, channel, channel, channel).RunAsync();
    }

    [Fact]
    public async Task A_registered_badge_reader_punches_its_units_staff_only_on_sqlite_and_the_registry_pages()
    {
        var attendance = new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(standalone.Host.Channel);
        var office = TestAuth.Bearer("office-sa", ServiceHall.ServiceDefaults.Auth.Roles.Office);
        var id = Guid.NewGuid().ToString("N")[..8];
        foreach (var unit in new[] { $"ua-{id}", $"ub-{id}" })
        {
            await attendance.CreateUnitAsync(new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit }, office);
            await attendance.CreateWindowAsync(new ServiceHall.Attendance.V1.CreateWindowRequest { WindowId = $"w-{unit}", UnitId = unit, Name = "窗口" }, office);
            await attendance.RegisterStaffAsync(new ServiceHall.Attendance.V1.RegisterStaffRequest
                { StaffId = $"s-{unit}", DisplayName = "x", UnitId = unit, WindowId = $"w-{unit}" }, office);
        }
        foreach (var n in new[] { "a", "b" })
        {
            await attendance.RegisterClientAsync(new ServiceHall.Attendance.V1.RegisterClientRequest
            {
                ClientId = $"reader-{id}-{n}", Kind = ServiceHall.Attendance.V1.ClientKind.BadgeReader, Name = "考勤机",
                WindowIds = { n == "a" ? $"w-ua-{id}" : $"w-ub-{id}" },
            }, office);
        }
        var reader = TestAuth.ClientBearer($"reader-{id}-a");
        Task<ServiceHall.Attendance.V1.ClockInResponse> Punch(string staff) => attendance.ClockInAsync(
            new ServiceHall.Attendance.V1.ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = $"reader-{id}-a" },
            reader).ResponseAsync;

        var own = await Punch($"s-ua-{id}");
        var other = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => Punch($"s-ub-{id}"));
        var mine = new List<string>();
        var token = "";
        do
        {
            var page = await attendance.ListClientsAsync(new ServiceHall.Attendance.V1.ListClientsRequest { PageSize = 1, PageToken = token }, office);
            mine.AddRange(page.Clients.Select(c => c.ClientId).Where(c => c.Contains(id, StringComparison.Ordinal)));
            token = page.NextPageToken;
        } while (token.Length > 0);

        Assert.NotEmpty(own.RecordId);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, other.StatusCode);
        Assert.Equal([$"reader-{id}-a", $"reader-{id}-b"], mine);
    }

    [Fact]
    public async Task The_audit_chains_on_sqlite_record_changes_and_refusals_refuse_an_update_and_verify()
    {
        var attendance = new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(standalone.Host.Channel);
        var audit = new ServiceHall.Audit.V1.AuditService.AuditServiceClient(standalone.Host.Channel);
        var office = TestAuth.Bearer("office-au", ServiceHall.ServiceDefaults.Auth.Roles.Office);
        var auditor = TestAuth.Bearer("bureau-au", ServiceHall.ServiceDefaults.Auth.Roles.BureauLeader);
        var unit = $"au-{Guid.NewGuid().ToString("N")[..8]}";
        await attendance.CreateUnitAsync(new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit }, office);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => attendance.CreateUnitAsync(
            new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit + "x", Name = "x" },
            TestAuth.Bearer("staff-au", ServiceHall.ServiceDefaults.Auth.Roles.Staff)).ResponseAsync);

        var verified = await audit.VerifyAuditTrailAsync(new ServiceHall.Audit.V1.VerifyAuditTrailRequest(), auditor);
        var unlisted = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => audit.ListAuditRecordsAsync(
            new ServiceHall.Audit.V1.ListAuditRecordsRequest(), auditor).ResponseAsync);
        var mine = await audit.ListAuditRecordsAsync(new ServiceHall.Audit.V1.ListAuditRecordsRequest { Service = "attendance", ObjectId = unit }, auditor);
        var staffs = await audit.ListAuditRecordsAsync(new ServiceHall.Audit.V1.ListAuditRecordsRequest { Service = "attendance", Subject = "staff-au" }, auditor);
        var database = Path.Combine(standalone.DataFolder, "attendance.db");
        var update = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_records SET \"Subject\" = 'x'";
            await command.ExecuteNonQueryAsync();
        });
        var output = new StringWriter();
        var exit = await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(["--sqlite", database], output);

        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(["attendance", "cases", "complaints", "discipline"], verified.Chains.Select(c => c.Service).Order(StringComparer.Ordinal));
        Assert.All(verified.Chains, c => Assert.True(c.Intact, $"{c.Service}: {c.Problem}"));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, unlisted.StatusCode); // four chains here: name one
        Assert.Contains(mine.Records, r => r.Kind == "change" && r.Subject == "office-au" && r.Method.EndsWith("/CreateUnit", StringComparison.Ordinal));
        Assert.Contains(staffs.Records, r => r.Kind == "refused" && r.Outcome == "PERMISSION_DENIED");
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Equal(0, exit);
        Assert.StartsWith("intact:", output.ToString(), StringComparison.Ordinal);
    }
}
