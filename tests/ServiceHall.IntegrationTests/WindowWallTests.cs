using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Contracts.Cases;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The wall's serving and paused states come from the cases service's events over the real bus: a window serving a
/// ticket, paused with a reason, idle again; a redelivered or stale event changes nothing. A scope (databases, virtual
/// host) of this test's own, so no other test's attendance instance consumes these events.
/// </summary>
public sealed class WindowWallTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _attendance = null!;
    private IBusControl _bus = null!;

    public async ValueTask InitializeAsync()
    {
        var scope = await infra.ScopeAsync("wall");
        _attendance = await ServiceApp.StartAttendanceAsync(scope, _time);
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(scope.RabbitMqUri));
            cfg.SignEventsWith(TestAuth.EventSigner);
        });
        await _bus.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _attendance.DisposeAsync();
    }

    [Fact]
    public async Task Serving_and_paused_reach_the_wall_from_the_cases_events_once_and_in_order()
    {
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        var cancel = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString("N")[..8];
        var (window, staff) = ($"w-{id}", $"s-{id}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "u1", Name = "户籍 2号" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "x", UnitId = "u1", WindowId = window }, Office);
        await client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1" }, BadgeReader);
        using var watch = client.WatchWindows(new WatchWindowsRequest(), Office, cancellationToken: cancel);
        var stream = watch.ResponseStream;
        var now = _time.GetUtcNow();

        var idle = await WatchWindowsTests.NextForAsync(stream, window);
        var started = new ServiceStarted(Guid.NewGuid(), now, "hall-1", "t-A001", window, staff);
        await _bus.Publish(started, cancel);
        var serving = await WatchWindowsTests.NextForAsync(stream, window);
        var servingStatus = await client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        // The same event again, and the finish of an older ticket: neither changes anything. Then a pause.
        await _bus.Publish(started, cancel);
        await _bus.Publish(new ServiceFinished(Guid.NewGuid(), now.AddMinutes(-5), "hall-1", "t-A000", window, staff, 60, 300), cancel);
        await _bus.Publish(new WindowPaused(Guid.NewGuid(), now.AddMinutes(10), "hall-1", window, staff, "系统故障"), cancel);
        // The consumer takes these concurrently: the duplicate and the stale finish may re-announce what stands
        // (serving t-A001), never anything else, before the pause.
        var before = new List<WindowStatusUpdate>();
        var paused = await WatchWindowsTests.NextForAsync(stream, window);
        while (paused.State != WindowState.Paused && before.Count < 5)
        {
            before.Add(paused);
            paused = await WatchWindowsTests.NextForAsync(stream, window);
        }
        var pausedStatus = await client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        // Resumed; then the late finish of the ticket served before the pause arrives and is stale.
        await _bus.Publish(new WindowResumed(Guid.NewGuid(), now.AddMinutes(20), "hall-1", window, staff), cancel);
        var resumed = await WatchWindowsTests.NextForAsync(stream, window);
        await _bus.Publish(new ServiceFinished(Guid.NewGuid(), now.AddMinutes(5), "hall-1", "t-A001", window, staff, 60, 300), cancel);
        await _bus.Publish(new ServiceStarted(Guid.NewGuid(), now.AddMinutes(25), "hall-1", "t-A002", window, staff), cancel);
        var next = await WatchWindowsTests.NextForAsync(stream, window);

        Assert.Equal(WindowState.Open, idle.State);
        Assert.Equal((WindowState.Serving, "t-A001", false), (serving.State, serving.ServingTicketId, serving.Snapshot));
        Assert.Equal(now, serving.Since.ToDateTimeOffset());
        Assert.Equal((WindowState.Serving, "t-A001"), (servingStatus.State, servingStatus.ServingTicketId));
        Assert.All(before, u => Assert.Equal((WindowState.Serving, "t-A001"), (u.State, u.ServingTicketId)));
        Assert.Equal((WindowState.Paused, "系统故障", ""), (paused.State, paused.PausedReason, paused.ServingTicketId));
        Assert.Equal((WindowState.Paused, "系统故障"), (pausedStatus.State, pausedStatus.PausedReason));
        Assert.Equal((WindowState.Open, ""), (resumed.State, resumed.PausedReason));
        // The stale finish sent nothing: the next change seen is the next ticket.
        Assert.Equal((WindowState.Serving, "t-A002"), (next.State, next.ServingTicketId));
    }
}
