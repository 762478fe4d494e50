using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Audit.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// An audit record says when in hall time as well as UTC, and a search by a hall day finds what happened on it: a call
/// at 00:30 hall time (16:30 UTC the day before) and one at 23:30 belong to the same hall day, and neither to the days
/// around it (PostgreSQL; timestamptz compared in UTC).
/// </summary>
public sealed class AuditHallTimeTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-night", Roles.Office);
    private static readonly Metadata Auditor = TestAuth.Bearer("bureau-night", Roles.BureauLeader);
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);

    [Fact]
    public async Task Calls_at_0030_and_2330_hall_time_are_recorded_on_their_hall_day_and_found_by_it()
    {
        var servers = await infra.ScopeAsync("auditnight");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 30, 0, Hall).ToUniversalTime());
        await using var app = await ServiceApp.StartAttendanceAsync(servers, time);
        var attendance = new AttendanceService.AttendanceServiceClient(app.Channel);
        var audit = new AuditService.AuditServiceClient(app.Channel);
        var id = Guid.NewGuid().ToString("N")[..6];

        await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = $"night-{id}", Name = "00:30" }, Office);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 30, 0, Hall).ToUniversalTime());
        await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = $"late-{id}", Name = "23:30" }, Office);

        Task<ListAuditRecordsResponse> OnHallDay(int day, string objectId) => audit.ListAuditRecordsAsync(new ListAuditRecordsRequest
        {
            ObjectId = objectId,
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, day, 0, 0, 0, Hall)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, day + 1, 0, 0, 0, Hall)),
        }, Auditor).ResponseAsync;
        var night = await OnHallDay(25, $"night-{id}");
        var late = await OnHallDay(25, $"late-{id}");
        var dayBefore = await OnHallDay(24, $"night-{id}");
        var dayAfter = await OnHallDay(26, $"late-{id}");

        Assert.NotEmpty(night.Records);
        Assert.All(night.Records, r => Assert.StartsWith("2026-11-25T00:30:00.000+08:00", r.HallTime));
        Assert.All(night.Records, r => Assert.Equal(new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero), r.RecordedAt.ToDateTimeOffset()));
        Assert.NotEmpty(late.Records);
        Assert.All(late.Records, r => Assert.StartsWith("2026-11-25T23:30:00.000+08:00", r.HallTime));
        Assert.Empty(dayBefore.Records);
        Assert.Empty(dayAfter.Records);
    }
}
