using System.Diagnostics;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>The live window wall streams every change of the hall to its watchers.</summary>
public sealed class WatchWindowsTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private static readonly Metadata Wall = TestAuth.Bearer("wall-display-1", Roles.System);

    [Fact]
    public async Task A_watcher_sees_a_clock_in_within_one_second()
    {
        var client = new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (windowId, staffId) = ($"w-{suffix}", $"s-{suffix}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = windowId, UnitId = "u1", Name = "公积金 2号" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staffId, DisplayName = "x", UnitId = "u1", WindowId = windowId }, Office);
        using var watch = client.WatchWindows(new WatchWindowsRequest(), Wall,
            cancellationToken: TestContext.Current.CancellationToken);
        var stream = watch.ResponseStream;
        var initial = await NextForAsync(stream, windowId);

        // A reader's one call (the suite's channels send every mutating call twice, which would time two calls).
        using var readerChannel = DeadlineChannel.ForAddress(hall.Attendance.Url);
        var reader = new AttendanceService.AttendanceServiceClient(readerChannel);
        await reader.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, BadgeReader); // connected
        var clock = Stopwatch.StartNew();
        await reader.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r1" }, BadgeReader);
        var answered = clock.Elapsed;
        var update = await NextForAsync(stream, windowId);
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"clock-in answered after {answered.TotalMilliseconds:0} ms");

        TestContext.Current.TestOutputHelper?.WriteLine($"clock-in to wall update: {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(initial.Snapshot);
        Assert.Equal(WindowState.Unstaffed, initial.State);
        Assert.False(update.Snapshot);
        Assert.Equal(WindowState.Open, update.State);
        Assert.Equal([staffId], update.StaffOnPost);
        // The wall's part: from the clock-in's answer to the update (the call's own time is the benchmark's to
        // measure; here the day check runs every 200 ms and a clock-in may wait for it to finish judging the day).
        Assert.True(clock.Elapsed - answered < TimeSpan.FromSeconds(1),
            $"the wall saw the clock-in {clock.Elapsed - answered} after its answer");
    }

    [Fact]
    public async Task One_caller_holds_at_most_five_walls_open_and_a_sixth_is_told_when_to_retry()
    {
        var client = new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        var wall = TestAuth.Bearer("wall-" + Guid.NewGuid().ToString("N")[..8], Roles.System);
        var open = new List<AsyncServerStreamingCall<WindowStatusUpdate>>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var call = client.WatchWindows(new WatchWindowsRequest(), wall, cancellationToken: TestContext.Current.CancellationToken);
                open.Add(call);
                Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken)); // the snapshot
            }
            using var sixth = client.WatchWindows(new WatchWindowsRequest(), wall, cancellationToken: TestContext.Current.CancellationToken);
            var refused = await Assert.ThrowsAsync<RpcException>(() => sixth.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
            using var otherCaller = client.WatchWindows(new WatchWindowsRequest(), Wall, cancellationToken: TestContext.Current.CancellationToken);
            var othersStillWatch = await otherCaller.ResponseStream.MoveNext(TestContext.Current.CancellationToken);

            open[0].Dispose();
            open.RemoveAt(0);
            var again = await Eventually.Until(async () =>
            {
                using var retry = client.WatchWindows(new WatchWindowsRequest(), wall, cancellationToken: TestContext.Current.CancellationToken);
                try
                {
                    return await retry.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false; // the closed stream's slot is given back as the server sees it end
                }
            }, ok => ok, TimeSpan.FromSeconds(10), "a slot to come free");

            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.True(refused.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
            Assert.True(othersStillWatch);
            Assert.True(again);
        }
        finally
        {
            foreach (var call in open)
                call.Dispose();
        }
    }

    [Fact]
    public async Task Watching_another_hall_is_not_found()
    {
        var client = new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        using var watch = client.WatchWindows(new WatchWindowsRequest { HallId = "another-hall" }, Wall);

        var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    /// <summary>The next update of one window; other tests' windows stream past too.</summary>
    internal static async Task<WindowStatusUpdate> NextForAsync(IAsyncStreamReader<WindowStatusUpdate> stream,
        string windowId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (await stream.MoveNext(timeout.Token))
        {
            if (stream.Current.WindowId == windowId)
                return stream.Current;
        }
        throw new InvalidOperationException("The watch ended.");
    }
}
