using Google.Rpc;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>Weekly rosters over gRPC, held to A5 (at least two staff a window, with rotation).</summary>
public sealed class RosterTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata UnitHead = TestAuth.Bearer("head-1", Roles.UnitHead);
    private const string Week = "2026-11-23";

    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    private async Task<(string Window, string[] Staff)> WindowWithStaffAsync(int count, string unit = "unit-hr")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        // head-1 heads unit-hr (the registry says so); another unit's window is set up by its own head.
        var head = unit == "unit-hr"
            ? await People.LeaderAsync(Client, "head-1", "unit-hr", StaffRole.UnitHead)
            : await People.LeaderAsync(Client, $"head-{unit}", unit, StaffRole.UnitHead);
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{suffix}", UnitId = unit, Name = "社保 5号" }, head);
        var staff = Enumerable.Range(0, count).Select(i => $"s{i}-{suffix}").ToArray();
        foreach (var id in staff)
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = id, DisplayName = id, UnitId = unit, WindowId = $"w-{suffix}" }, head);
        return ($"w-{suffix}", staff);
    }

    private static SetRosterRequest Roster(string window, Func<int, IEnumerable<(string Staff, Shift Shift)>> day)
    {
        var request = new SetRosterRequest { WindowId = window, WeekStart = Week };
        for (var d = 0; d < 5; d++)
        {
            foreach (var (staff, shift) in day(d))
                request.Entries.Add(new RosterEntry { Date = $"2026-11-{23 + d}", StaffId = staff, Shift = shift });
        }
        return request;
    }

    [Fact]
    public async Task A_roster_with_two_rotating_staff_is_kept_and_read_back()
    {
        var (window, staff) = await WindowWithStaffAsync(3);

        var set = await Client.SetRosterAsync(Roster(window, d => [(staff[d % 3], Shift.FullDay), (staff[(d + 1) % 3], Shift.Morning), (staff[(d + 2) % 3], Shift.Afternoon)]), UnitHead);
        var read = await Client.GetRosterAsync(new GetRosterRequest { WindowId = window, WeekStart = Week }, UnitHead);

        Assert.Equal(15, set.EntryCount);
        Assert.Equal(15, read.Entries.Count);
        Assert.Equal(3, read.Entries.Count(e => e.Date == "2026-11-25"));
        // Who set the week, from the token, and when (the fixture's clock).
        Assert.Equal("head-1", read.SetBy);
        Assert.InRange(read.SetAt.ToDateTimeOffset(), HallFixture.Now, hall.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_roster_leaving_a_window_with_one_staff_member_is_refused_naming_window_and_day()
    {
        var (window, staff) = await WindowWithStaffAsync(2);
        var roster = Roster(window, d => d == 2 ? [(staff[0], Shift.FullDay)] : [(staff[0], Shift.FullDay), (staff[1], Shift.FullDay)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SetRosterAsync(roster, UnitHead).ResponseAsync);
        var read = await Client.GetRosterAsync(new GetRosterRequest { WindowId = window, WeekStart = Week }, UnitHead);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(window, error.Status.Detail);
        Assert.Contains("2026-11-25", error.Status.Detail);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal("A5", violation.Type);
        Assert.Equal($"window/{window}/2026-11-25", violation.Subject);
        Assert.Empty(read.Entries);
    }

    [Fact]
    public async Task Bad_rosters_are_refused_with_the_right_status()
    {
        var (window, staff) = await WindowWithStaffAsync(2);
        var (_, strangers) = await WindowWithStaffAsync(1, unit: "unit-tax");
        var notMonday = new SetRosterRequest { WindowId = window, WeekStart = "2026-11-24" };
        var outsideWeek = Roster(window, d => [(staff[0], Shift.FullDay), (staff[1], Shift.FullDay)]);
        outsideWeek.Entries.Add(new RosterEntry { Date = "2026-12-01", StaffId = staff[0], Shift = Shift.FullDay });
        var unknown = Roster(window, d => [(staff[0], Shift.FullDay), ("nobody-x", Shift.FullDay)]);
        var otherUnit = Roster(window, d => [(staff[0], Shift.FullDay), (strangers[0], Shift.FullDay)]);

        var errors = new List<RpcException>();
        foreach (var request in new[] { notMonday, outsideWeek, unknown, otherUnit })
            errors.Add(await Assert.ThrowsAsync<RpcException>(() => Client.SetRosterAsync(request, UnitHead).ResponseAsync));
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() =>
            Client.SetRosterAsync(Roster(window, d => []), TestAuth.Bearer(staff[0], Roles.Staff)).ResponseAsync);

        Assert.Equal([StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition],
            errors.Select(e => e.StatusCode));
        Assert.Equal("week_start", errors[0].GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal("entries[10].date", errors[1].GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
    }

    [Fact]
    public async Task Requests_are_bounded_ids_anchored_texts_visible_rosters_a_week_messages_small()
    {
        var (window, staff) = await WindowWithStaffAsync(2);
        var office = TestAuth.Bearer("office-1", Roles.Office);
        var suffix = Guid.NewGuid().ToString("N")[..8];

        var lineFeed = await Assert.ThrowsAsync<RpcException>(() => Client.CreateWindowAsync(
            new CreateWindowRequest { WindowId = $"w-{suffix}\n", UnitId = "unit-hr", Name = "社保 6号" }, office).ResponseAsync);
        var bidi = await Assert.ThrowsAsync<RpcException>(() => Client.CreateWindowAsync(
            new CreateWindowRequest { WindowId = $"w-{suffix}", UnitId = "unit-hr", Name = "社保\u202E号6" }, office).ResponseAsync);
        var tooMany = new SetRosterRequest { WindowId = window, WeekStart = Week };
        for (var i = 0; i < 351; i++)
            tooMany.Entries.Add(new RosterEntry { Date = Week, StaffId = staff[i % 2], Shift = Shift.FullDay });
        var longRoster = await Assert.ThrowsAsync<RpcException>(() => Client.SetRosterAsync(tooMany, UnitHead).ResponseAsync);
        var huge = new SetRosterRequest { WindowId = window, WeekStart = Week };
        for (var i = 0; i < 10_000; i++)
            huge.Entries.Add(new RosterEntry { Date = Week, StaffId = staff[0] + new string('x', 20), Shift = Shift.FullDay });
        var hugeMessage = await Assert.ThrowsAsync<RpcException>(() => Client.SetRosterAsync(huge, UnitHead).ResponseAsync);
        var organisation = await Client.GetOrganisationAsync(new GetOrganisationRequest(), office);

        Assert.Equal(StatusCode.InvalidArgument, lineFeed.StatusCode);
        Assert.Equal("window_id", Assert.Single(lineFeed.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.InvalidArgument, bidi.StatusCode);
        Assert.Equal("name", Assert.Single(bidi.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.InvalidArgument, longRoster.StatusCode);
        Assert.Equal("entries", Assert.Single(longRoster.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.ResourceExhausted, hugeMessage.StatusCode);
        Assert.DoesNotContain(organisation.Windows, w => w.WindowId.StartsWith($"w-{suffix}", StringComparison.Ordinal));
        Assert.Empty((await Client.GetRosterAsync(new GetRosterRequest { WindowId = window, WeekStart = Week }, UnitHead)).Entries);
    }
}
