using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// What each instance keeps in its own memory (issue 16): the window status in front of Redis and the registry's
/// answers. Two attendance instances on one database and one Redis, each keeping its copies for ten minutes — so only
/// the announcements and the saves can make a change show, not the copies running out.
/// </summary>
public sealed class LocalCacheTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private static readonly Dictionary<string, string?> KeepLong = new()
    {
        ["Attendance:LocalStatusCacheTime"] = "00:10:00",
        ["Auth:RegistryCacheTime"] = "00:10:00",
    };
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private InfrastructureFixture _scope = null!;
    private ServiceApp _a = null!;
    private ServiceApp _b = null!;

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("localcache");
        _a = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: KeepLong);
        _b = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: KeepLong);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_window_changed_through_one_instance_shows_on_the_other_at_once_though_it_kept_the_old_status()
    {
        var cancel = TestContext.Current.CancellationToken;
        var a = new AttendanceService.AttendanceServiceClient(_a.Channel);
        var b = new AttendanceService.AttendanceServiceClient(_b.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (window, anna, bo) = ($"w-{suffix}", $"anna-{suffix}", $"bo-{suffix}");
        await a.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "u1", Name = "综合 1号" }, Office, cancellationToken: cancel);
        foreach (var staff in new[] { anna, bo })
            await a.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "u1", WindowId = window }, Office, cancellationToken: cancel);

        // B reads the empty window; someone then writes a status into Redis behind everyone's back: B's
        // next read does not see it — it answers from its own memory. Then Anna clocks in through A.
        var before = await b.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office, cancellationToken: cancel);
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_scope.Redis.ConnectionString()))
        {
            var key = $"{_scope.RedisPrefix}:attendance:window:{window}";
            var entry = System.Text.Json.Nodes.JsonNode.Parse((string)(await redis.GetDatabase().StringGetAsync(key))!)!;
            entry["status"]!["closedReason"] = "forged";
            entry["loadedAt"] = entry["loadedAt"]!.GetValue<long>() + 1; // newer than what B read, older than any change
            await redis.GetDatabase().StringSetAsync(key, entry.ToJsonString());
        }
        var kept = await b.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office, cancellationToken: cancel);
        var fromRedis = await a.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office, cancellationToken: cancel);
        await a.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = anna, DeviceId = "r1" }, BadgeReader, cancellationToken: cancel);
        var seen = await Eventually.Until(
            () => b.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office, cancellationToken: cancel).ResponseAsync,
            s => s.StaffOnPost.Count == 1, TimeSpan.FromSeconds(5), "B to show Anna on post");
        // Through B itself: its own write forgets its copy before it answers.
        await b.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = bo, DeviceId = "r1" }, BadgeReader, cancellationToken: cancel);
        var own = await b.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office, cancellationToken: cancel);

        Assert.Equal(WindowState.Unstaffed, before.State);
        Assert.Empty(before.StaffOnPost);
        Assert.Equal(WindowState.Unstaffed, kept.State);
        Assert.Equal("forged", fromRedis.ClosedReason); // A had kept nothing: the forged entry shows there (the control)
        Assert.Equal(WindowState.Open, seen.State);
        Assert.Equal([anna], seen.StaffOnPost);
        Assert.Equal([anna, bo], own.StaffOnPost.Order());
    }

    [Fact]
    public async Task A_person_disabled_is_refused_at_the_next_call_though_the_instance_had_kept_their_roles_for_ten_minutes()
    {
        var cancel = TestContext.Current.CancellationToken;
        var a = new AttendanceService.AttendanceServiceClient(_a.Channel);
        var head = $"head-{Guid.NewGuid():N}"[..16];
        await a.RegisterStaffAsync(new RegisterStaffRequest
            { StaffId = head, DisplayName = "科长", UnitId = "u1", Roles = { StaffRole.UnitHead } }, Office, cancellationToken: cancel);
        var token = TestAuth.Bearer(head, Roles.UnitHead);
        var allowed = await a.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "u1" }, token, cancellationToken: cancel);

        await a.SetStaffActiveAsync(new SetStaffActiveRequest { StaffId = head, Active = false, Reason = "调离" }, Office,
            cancellationToken: cancel);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            a.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "u1" }, token, cancellationToken: cancel).ResponseAsync);
        await a.SetStaffActiveAsync(new SetStaffActiveRequest { StaffId = head, Active = true }, Office, cancellationToken: cancel);
        var again = await a.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "u1" }, token, cancellationToken: cancel);

        Assert.Contains(allowed.Staff, s => s.StaffId == head);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains(again.Staff, s => s.StaffId == head && s.Active);
    }
}
