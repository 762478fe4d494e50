using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using StackExchange.Redis;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A live window wall that stops reading (a stalled display) is not buffered without end: once the changes waiting for
/// it pass <c>Attendance:Watch:QueueLength</c> it is dropped with RESOURCE_EXHAUSTED and a retry time, and the service
/// carries on for everyone else.
/// </summary>
public sealed class SlowWatcherTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime());
    private InfrastructureFixture _scope = null!;
    private ServiceApp _attendance = null!;

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("slow");
        _attendance = await ServiceApp.StartAttendanceAsync(_scope, _time,
            settings: new Dictionary<string, string?> { ["Attendance:Watch:QueueLength"] = "50" });
    }

    public async ValueTask DisposeAsync() => await _attendance.DisposeAsync();

    [Fact]
    public async Task A_watcher_that_stops_reading_is_dropped_with_resource_exhausted_and_others_carry_on()
    {
        var cancel = TestContext.Current.CancellationToken;
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = "w-slow", UnitId = "u1", Name = "综合 1号" }, Office, cancellationToken: cancel);
        using var stalled = client.WatchWindows(new WatchWindowsRequest(), Office, cancellationToken: cancel);
        await WatchWindowsTests.NextForAsync(stalled.ResponseStream, "w-slow");

        // Far more changes than the transport buffers and the queue hold, published as the service's feed would.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infra.Redis.ConnectionString());
        var channel = RedisChannel.Literal($"{_scope.RedisPrefix}:attendance:hall:hall-1:windows");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var since = HallFixture.Now;
        var published = new List<Task>();
        for (var i = 0; i < 20_000; i++)
        {
            var status = new WindowStatus("w-slow", i % 2 == 0 ? WindowLiveState.Open : WindowLiveState.Closed, [],
                since.AddSeconds(i), ClosedReason: i % 2 == 0 ? null : new string('x', 100));
            published.Add(redis.GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(status, json)));
        }
        await Task.WhenAll(published);
        // Now read what was buffered: the stream ends with the drop, not with the 20,000th change.
        var dropped = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await stalled.ResponseStream.MoveNext(timeout.Token))
            {
            }
        });
        using var fresh = client.WatchWindows(new WatchWindowsRequest(), Office, cancellationToken: cancel);
        var snapshot = await WatchWindowsTests.NextForAsync(fresh.ResponseStream, "w-slow");

        Assert.Equal(StatusCode.ResourceExhausted, dropped.StatusCode);
        Assert.NotNull(dropped.GetRpcStatus()?.GetDetail<RetryInfo>());
        Assert.True(snapshot.Snapshot);
    }

    [Fact]
    public async Task A_wall_stream_ends_unauthenticated_when_the_token_that_opened_it_expires()
    {
        var cancel = TestContext.Current.CancellationToken;
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = "w-expiry", UnitId = "u1", Name = "综合 2号" }, Office, cancellationToken: cancel);
        // Tokens are checked against the real clock; this one lives three seconds.
        var token = TokenIssuer.Issue(TestAuth.SigningKey, "wall-display-1", [Roles.Office], TimeProvider.System.GetUtcNow(),
            TimeSpan.FromSeconds(3));
        using var stream = client.WatchWindows(new WatchWindowsRequest(), new Metadata { { "Authorization", "Bearer " + token } },
            cancellationToken: cancel);
        var first = await WatchWindowsTests.NextForAsync(stream.ResponseStream, "w-expiry");

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (await stream.ResponseStream.MoveNext(timeout.Token))
            {
            }
        });

        Assert.True(first.Snapshot);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
    }
}
