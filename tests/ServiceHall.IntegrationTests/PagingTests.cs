using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Lists page (issue 14, bounds): <c>page_size</c> up to 200, an opaque <c>page_token</c> that continues where the
/// previous page ended, nothing repeated or skipped; a size out of range or a token the service did not give out is
/// INVALID_ARGUMENT with the field named.
/// </summary>
public sealed class PagingTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Reader = TestAuth.Bearer("reader-1", Roles.System);

    private AttendanceService.AttendanceServiceClient Attendance => new(hall.Attendance.Channel);

    private static async Task<RpcException?> RefusalOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    [Fact]
    public async Task A_days_facts_page_one_at_a_time_without_repeats_or_gaps()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (window, staff) = ($"w-{suffix}", $"s-{suffix}");
        await Attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "u", Name = "窗口" }, Office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "x", UnitId = "u", WindowId = window }, Office);
        // Late in the morning and late back from lunch on Tuesday 2026-11-24 (the fixture's clock is Wednesday 10:00):
        // two facts at least.
        foreach (var (kind, hour, minute) in new[] { ("in", 9, 20), ("out", 12, 0), ("in", 14, 30) })
        {
            var at = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, hour, minute));
            if (kind == "in")
                await Attendance.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r", PunchedAt = at }, Reader);
            else
                await Attendance.ClockOutAsync(new ClockOutRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r", PunchedAt = at }, Reader);
        }

        var paged = new List<ServiceHall.Attendance.V1.AttendanceFact>();
        var pages = 0;
        var token = "";
        do
        {
            var page = await Attendance.ListAttendanceFactsAsync(new ListAttendanceFactsRequest
                { Date = "2026-11-24", StaffId = staff, PageSize = 1, PageToken = token }, Office);
            Assert.True(page.Facts.Count <= 1);
            paged.AddRange(page.Facts);
            token = page.NextPageToken;
            pages++;
        } while (token.Length > 0 && pages < 20);
        var whole = (await Attendance.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-24", StaffId = staff }, Office)).Facts;

        Assert.True(paged.Count >= 2, $"two lates at least, found {paged.Count}");
        Assert.Equal(paged.Count, paged.Select(f => f.FactId).Distinct().Count());
        Assert.All(paged, f => Assert.Contains(whole, w => w.FactId == f.FactId));
        Assert.Equal(whole.Take(paged.Count).Select(f => f.FactId), paged.Select(f => f.FactId));
    }

    [Fact]
    public async Task A_page_size_out_of_range_or_a_foreign_token_is_invalid_argument_naming_the_field()
    {
        var discipline = new DisciplineService.DisciplineServiceClient(hall.Discipline.Channel);
        var refusals = new[]
        {
            (await RefusalOf(() => Attendance.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25", PageSize = 201 }, Office).ResponseAsync), "page_size"),
            (await RefusalOf(() => Attendance.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25", PageToken = "bm90LWEtbnVtYmVy" }, Office).ResponseAsync), "page_token"),
            (await RefusalOf(() => Attendance.ListCorrectionsAsync(new ListCorrectionsRequest { Date = "2026-11-25", PageSize = -1 }, Office).ResponseAsync), "page_size"),
            (await RefusalOf(() => Attendance.ListCorrectionsAsync(new ListCorrectionsRequest { Date = "2026-11-25", PageToken = "%%%" }, Office).ResponseAsync), "page_token"),
            (await RefusalOf(() => discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = "s-1", PageSize = 1000 }, Office).ResponseAsync), "page_size"),
            (await RefusalOf(() => discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = "s-1", PageToken = "x" }, Office).ResponseAsync), "page_token"),
        };
        var empty = await discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = "s-nobody", PageSize = 1 }, Office);

        Assert.All(refusals, r =>
        {
            Assert.NotNull(r.Item1);
            Assert.Equal(StatusCode.InvalidArgument, r.Item1!.StatusCode);
            Assert.Contains(r.Item2, r.Item1.Status.Detail);
        });
        Assert.Empty(empty.Sanctions);
        Assert.Equal("", empty.NextPageToken);
    }
}
