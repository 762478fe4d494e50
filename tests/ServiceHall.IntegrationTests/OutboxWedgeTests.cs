using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A publish that never returns and ignores its cancellation (RabbitMQ.Client 7.2 after a broker restart,
/// rabbitmq-dotnet-client#1930; here the fault point <c>WedgePublish</c>) must not hold the outbox for ever: the relay
/// stops waiting at the publish timeout, restarts the bus after a few timeouts on a connected bus, and the event
/// arrives; with restarts turned off, liveness fails so the orchestrator replaces the process. The real bus and
/// databases, on a scope of this class's own; short timeouts so the test takes seconds.
/// </summary>
public sealed class OutboxWedgeTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime());

    private static Dictionary<string, string?> Wedged(int restartAfter) => new()
    {
        ["ServiceHall:FaultPoints:WedgePublish"] = "attendance.StaffLate",
        ["ServiceHall:Outbox:PublishTimeout"] = "00:00:01",
        ["ServiceHall:Outbox:RestartBusAfterTimeouts"] = restartAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ServiceHall:Outbox:StuckAfter"] = "00:00:03",
    };

    private static async Task<string> LateStaffAsync(ServiceApp attendance)
    {
        var client = new AttendanceService.AttendanceServiceClient(attendance.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{suffix}", UnitId = "u", Name = "窗口" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{suffix}", DisplayName = "x", UnitId = "u", WindowId = $"w-{suffix}" }, Office);
        var punch = await client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = $"s-{suffix}", DeviceId = "r",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 9, 45)),
        }, BadgeReader);
        Assert.True(punch.Late);
        return $"s-{suffix}";
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(ServiceApp app, string service = "") =>
        (await new Health.HealthClient(app.Channel).CheckAsync(new HealthCheckRequest { Service = service })).Status;

    private static Task<HealthCheckResponse.Types.ServingStatus> LivenessAsync(ServiceApp app) => HealthAsync(app);

    [Fact]
    public async Task A_publish_that_never_returns_is_given_up_the_bus_restarted_and_the_event_delivered()
    {
        var scope = await infra.ScopeAsync("wedge");
        // Discipline first: attendance's first events (the units) find its queue, so no unroutable event of theirs is
        // retried during the wedge and takes one of the two timed-out attempts this test counts on the late.
        await using var discipline = await ServiceApp.StartDisciplineAsync(scope, _time);
        await using var attendance = await ServiceApp.StartAttendanceAsync(scope, _time, settings: Wedged(restartAfter: 2));
        var staffId = await LateStaffAsync(attendance);
        var attendanceDb = scope.ConnectionStringOf("attendance");

        var sent = await Eventually.Until(() => Sql.TextAsync(attendanceDb,
                """SELECT "Id"::text FROM outbox_messages WHERE "EventType" = 'attendance.StaffLate' AND "SentAt" IS NOT NULL AND "Payload" LIKE $1""",
                $"%\"{staffId}\"%"),
            id => id is not null, TimeSpan.FromSeconds(90), "the late to leave the outbox after the bus restart");
        var eventId = Guid.Parse(sent!);
        var attempts = await Sql.CountAsync(attendanceDb,
            """SELECT "Attempts" FROM outbox_messages WHERE "Id" = $1""", eventId);
        var received = await Eventually.Until(() => Sql.CountAsync(scope.ConnectionStringOf("discipline"),
                """SELECT count(*) FROM inbox_messages WHERE "EventId" = $1""", eventId),
            n => n == 1, TimeSpan.FromSeconds(30), "discipline to receive the late");

        Assert.True(attempts >= 3, $"two timed-out attempts before the restart, then the one that went through (was {attempts})");
        Assert.Equal(1, received);
        Assert.Contains("Bus restarted for the outbox relay", await File.ReadAllTextAsync(attendance.LogFile));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await LivenessAsync(attendance));
        // The restarted bus bound its receive endpoints again: attendance still consumes.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(attendance, "ready"));
    }

    [Fact]
    public async Task A_relay_that_cannot_publish_on_a_connected_bus_fails_liveness_and_keeps_the_event()
    {
        var scope = await infra.ScopeAsync("wedgelive");
        await using var attendance = await ServiceApp.StartAttendanceAsync(scope, _time, settings: Wedged(restartAfter: 0));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await LivenessAsync(attendance));
        var staffId = await LateStaffAsync(attendance);

        var status = await Eventually.Until(() => LivenessAsync(attendance),
            s => s == HealthCheckResponse.Types.ServingStatus.NotServing, TimeSpan.FromSeconds(60),
            "liveness to fail while nothing leaves on a connected bus");
        var waiting = await Sql.CountAsync(scope.ConnectionStringOf("attendance"),
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffLate' AND "SentAt" IS NULL AND "Attempts" > 0 AND "Payload" LIKE $1""",
            $"%\"{staffId}\"%");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, status);
        Assert.Equal(1, waiting);
    }

    [Fact]
    public async Task A_nonsensical_outbox_setting_stops_the_host_at_start_naming_the_setting()
    {
        var scope = await infra.ScopeAsync("outboxcfg");
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ServiceApp.StartAttendanceAsync(scope, _time, settings: new Dictionary<string, string?>
            {
                ["ServiceHall:Outbox:PublishTimeout"] = "00:00:00",
            }));

        Assert.Contains("ServiceHall:Outbox:PublishTimeout", refused.Message);
    }
}
