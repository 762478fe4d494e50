using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.Testing;
using StackExchange.Redis;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Two deployments on one Redis (two halls of a province, say) with different <c>ServiceHall:RedisPrefix</c>es: a window
/// of the same id in each keeps its own cached status and its own wall.
/// </summary>
public sealed class SharedRedisTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private InfrastructureFixture _north = null!;
    private InfrastructureFixture _south = null!;
    private ServiceApp _northApp = null!;
    private ServiceApp _southApp = null!;

    public async ValueTask InitializeAsync()
    {
        (_north, _south) = (await infra.ScopeAsync("north"), await infra.ScopeAsync("south"));
        (_northApp, _southApp) = (await ServiceApp.StartAttendanceAsync(_north, _time), await ServiceApp.StartAttendanceAsync(_south, _time));
    }

    public async ValueTask DisposeAsync()
    {
        await _northApp.DisposeAsync();
        await _southApp.DisposeAsync();
    }

    [Fact]
    public async Task A_window_of_the_same_id_in_two_deployments_keeps_its_own_status_and_wall()
    {
        var cancel = TestContext.Current.CancellationToken;
        var north = new AttendanceService.AttendanceServiceClient(_northApp.Channel);
        var south = new AttendanceService.AttendanceServiceClient(_southApp.Channel);
        foreach (var client in new[] { north, south })
        {
            await client.CreateWindowAsync(new CreateWindowRequest { WindowId = "w-01", UnitId = "u1", Name = "综合 1号" }, Office, cancellationToken: cancel);
            await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = "s-01", DisplayName = "x", UnitId = "u1", WindowId = "w-01" }, Office, cancellationToken: cancel);
        }
        // Both cached, both unstaffed; then the north's window opens.
        await south.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = "w-01" }, Office, cancellationToken: cancel);
        using var southWall = south.WatchWindows(new WatchWindowsRequest(), Office, cancellationToken: cancel);
        Assert.Equal(WindowState.Unstaffed, (await WatchWindowsTests.NextForAsync(southWall.ResponseStream, "w-01")).State);
        await north.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = "s-01", DeviceId = "r1" }, BadgeReader, cancellationToken: cancel);
        var northStatus = await north.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = "w-01" }, Office, cancellationToken: cancel);
        var southStatus = await south.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = "w-01" }, Office, cancellationToken: cancel);
        // The south's wall hears nothing of it: the next update it shows is the south's own clock-in.
        await south.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = "s-01", DeviceId = "r1" }, BadgeReader, cancellationToken: cancel);
        var southNext = await WatchWindowsTests.NextForAsync(southWall.ResponseStream, "w-01");

        Assert.Equal(WindowState.Open, northStatus.State);
        Assert.Equal(WindowState.Unstaffed, southStatus.State);
        Assert.Equal((WindowState.Open, 1), (southNext.State, southNext.StaffOnPost.Count));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infra.Redis.ConnectionString());
        foreach (var scope in new[] { _north, _south })
            Assert.True(await redis.GetDatabase().KeyExistsAsync($"{scope.RedisPrefix}:attendance:window:w-01"));
        Assert.False(await redis.GetDatabase().KeyExistsAsync("servicehall:attendance:window:w-01"));
    }

    [Theory]
    [InlineData("Servicehall")]
    [InlineData("hall one")]
    [InlineData("hall:1")]
    [InlineData("a-prefix-of-more-than-forty-characters-xx")]
    public void A_prefix_that_could_run_into_another_name_is_refused_at_start_up(string prefix)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [RedisNames.Setting] = prefix }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => RedisNames.From(configuration));

        Assert.Contains(RedisNames.Setting, refused.Message);
        Assert.Equal("servicehall", RedisNames.From(new ConfigurationBuilder().Build()).Prefix);
    }
}
