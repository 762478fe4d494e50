using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>The live window status survives Redis going away: reads fall back to the database.</summary>
public sealed class RedisOutageTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InfraServer _redis = null!;
    private ServiceApp _attendance = null!;

    public async ValueTask InitializeAsync()
    {
        // A Redis of this test's own, so stopping it disturbs no other test.
        _redis = await InfraServer.StartAsync("redis");
        _attendance = await ServiceApp.StartAttendanceAsync(await infra.ScopeAsync("redis"), _time, _redis.ConnectionString());
    }

    public async ValueTask DisposeAsync()
    {
        await _attendance.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_window_wall_keeps_up_from_the_database_while_redis_is_down()
    {
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (windowId, staffId) = ($"w-{suffix}", $"s-{suffix}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = windowId, UnitId = "u1", Name = "不动产 1号" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staffId, DisplayName = "x", UnitId = "u1", WindowId = windowId }, Office);
        using var watch = client.WatchWindows(new WatchWindowsRequest(), Office, cancellationToken: TestContext.Current.CancellationToken);
        var initial = await WatchWindowsTests.NextForAsync(watch.ResponseStream, windowId);

        await _redis.StopAsync();
        await client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r1" }, BadgeReader);
        var update = await WatchWindowsTests.NextForAsync(watch.ResponseStream, windowId);

        Assert.Contains(initial.State, new[] { WindowState.Closed, WindowState.Unstaffed }); // the real clock: in or out of service hours
        Assert.Equal(WindowState.Open, update.State);
        Assert.Equal([staffId], update.StaffOnPost);
    }

    [Fact]
    public async Task Window_status_answers_from_the_database_while_redis_is_down()
    {
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (windowId, anna, bo) = ($"w-{suffix}", $"anna-{suffix}", $"bo-{suffix}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = windowId, UnitId = "u1", Name = "医保 3号" }, Office);
        foreach (var staff in new[] { anna, bo })
        {
            await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "u1", WindowId = windowId }, Office);
        }
        await client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = anna, DeviceId = "r1" }, BadgeReader);
        var cached = await client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);

        await _redis.StopAsync();
        var duringOutage = await client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);
        // Changes made while Redis is down are not lost: the database has them, and reads see them.
        await client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = bo, DeviceId = "r1", PunchedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()) }, BadgeReader);
        var changedDuringOutage = await client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);
        await _redis.StartAsync();
        var afterOutage = await Eventually.Until(
            () => client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office).ResponseAsync,
            s => s.StaffOnPost.Count == 2, TimeSpan.FromSeconds(20), "the status after Redis is back");

        Assert.Equal([anna], cached.StaffOnPost);
        Assert.Equal(WindowState.Open, duringOutage.State);
        Assert.Equal([anna], duringOutage.StaffOnPost);
        Assert.Equal([anna, bo], changedDuringOutage.StaffOnPost.Order());
        Assert.Equal(WindowState.Open, afterOutage.State);
    }

    [Fact]
    public async Task Health_is_degraded_not_unhealthy_while_only_redis_is_down_and_ready_keeps_serving()
    {
        var checks = _attendance.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        var grpc = new Grpc.Health.V1.Health.HealthClient(_attendance.Channel);

        var before = await checks.CheckHealthAsync(TestContext.Current.CancellationToken);
        await _redis.StopAsync();
        var during = await checks.CheckHealthAsync(TestContext.Current.CancellationToken);
        var ready = await grpc.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "ready" });
        await _redis.StartAsync();
        var after = await Eventually.Until(() => checks.CheckHealthAsync(TestContext.Current.CancellationToken),
            r => r.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, TimeSpan.FromSeconds(30), "Redis back");

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, before.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, during.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, during.Entries["redis"].Status);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, ready.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, after.Entries["redis"].Status);
    }
}
