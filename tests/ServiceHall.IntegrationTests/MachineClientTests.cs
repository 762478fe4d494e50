using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using ClientKind = ServiceHall.Attendance.V1.ClientKind;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Machines are registered clients (issue 14): a badge reader punches staff of its windows' units only and only as
/// itself, a kiosk takes tickets but punches nobody, a display reads the wall, a platform decides the approval branches
/// of its units only; a client that is unknown or disabled is refused whatever roles its token carries; only a bureau
/// leader registers a trusted one. Attendance, cases and complaints on a scope of this class's own; the registration
/// reaches cases over the bus.
/// </summary>
public sealed class MachineClientTests(ComplaintsFixture hall) : IClassFixture<ComplaintsFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BureauLeader = TestAuth.Bearer("bureau-1", Roles.BureauLeader);

    private AttendanceService.AttendanceServiceClient Attendance => new(hall.Attendance.Channel);

    private CasesService.CasesServiceClient Cases => new(hall.Cases.Channel);

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<StatusCode> CodeOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>A window of the unit with one staff member sitting at it.</summary>
    private async Task<(string Window, string Staff)> WindowWithStaffAsync(string unit)
    {
        var (window, staff) = (Id("w"), Id("s"));
        await Attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = unit, Name = "窗口" }, Office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "x", UnitId = unit, WindowId = window }, Office);
        return (window, staff);
    }

    private Task<ClockInResponse> ClockInAsync(Metadata caller, string staffId, string deviceId) =>
        Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = deviceId,
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(25, 8, 55)),
        }, caller).ResponseAsync;

    private Task<long> PunchesAsync(string staffId) => Sql.CountAsync(hall.Infra.ConnectionStringOf("attendance"),
        """SELECT count(*) FROM punches WHERE "StaffId" = $1""", staffId);

    [Fact]
    public async Task A_badge_reader_punches_staff_of_its_windows_units_only_and_only_as_itself()
    {
        var (hrWindow, hrStaff) = await WindowWithStaffAsync("unit-hr");
        var (_, taxStaff) = await WindowWithStaffAsync("unit-tax");
        var readerId = Id("reader");
        var registered = await Attendance.RegisterClientAsync(new RegisterClientRequest
            { ClientId = readerId, Kind = ClientKind.BadgeReader, Name = "一楼东考勤机", WindowIds = { hrWindow } }, Office);
        // The token claims `system` as well: a registered client's roles come from its registration only.
        var reader = TestAuth.ClientBearer(readerId, Roles.System);

        var own = await ClockInAsync(reader, hrStaff, readerId);
        var otherUnit = await CodeOf(() => ClockInAsync(reader, taxStaff, readerId));
        var asAnotherDevice = await CodeOf(() => ClockInAsync(reader, hrStaff, "reader-elsewhere"));
        var unknownStaff = await CodeOf(() => ClockInAsync(reader, "nobody-" + readerId, readerId));
        var takeTicket = await CodeOf(() => Cases.TakeTicketAsync(
            new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = "any" }, reader).ResponseAsync);

        Assert.Equal(["unit-hr"], registered.UnitIds);
        Assert.Equal("office-1", registered.RegisteredBy);
        Assert.NotEmpty(own.RecordId);
        Assert.Equal(
            [StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied],
            [otherUnit, asAnotherDevice, unknownStaff, takeTicket]);
        Assert.Equal(0, await PunchesAsync(taxStaff));
        Assert.Equal(1, await PunchesAsync(hrStaff));
    }

    [Fact]
    public async Task An_unknown_or_disabled_client_is_refused_and_only_a_bureau_leader_registers_a_trusted_one()
    {
        var (_, hrStaff) = await WindowWithStaffAsync("unit-hr");
        var (taxWindow, taxStaff) = await WindowWithStaffAsync("unit-tax");
        var readerId = Id("reader");
        await Attendance.RegisterClientAsync(new RegisterClientRequest
            { ClientId = readerId, Kind = ClientKind.BadgeReader, Name = "二楼考勤机", WindowIds = { taxWindow } }, Office);
        var reader = TestAuth.ClientBearer(readerId);

        var unknown = await CodeOf(() => ClockInAsync(TestAuth.ClientBearer(Id("forged"), Roles.System), taxStaff, "x"));
        // A person's token never carries a device's role: it is dropped, and nothing else is left.
        var personAsReader = await CodeOf(() => ClockInAsync(TestAuth.Bearer("office-9", Roles.BadgeReader), taxStaff, "x"));
        var disabled = await Attendance.SetClientEnabledAsync(new SetClientEnabledRequest
            { ClientId = readerId, Enabled = false, Reason = "设备报失" }, Office);
        var whileDisabled = await CodeOf(() => ClockInAsync(reader, taxStaff, readerId));
        var disableWithoutReason = await CodeOf(() => Attendance.SetClientEnabledAsync(new SetClientEnabledRequest
            { ClientId = readerId, Enabled = false }, Office).ResponseAsync);
        await Attendance.SetClientEnabledAsync(new SetClientEnabledRequest { ClientId = readerId, Enabled = true }, Office);
        var enabledAgain = await CodeOf(() => ClockInAsync(reader, taxStaff, readerId));

        var trustedId = Id("hr-system");
        var trusted = new RegisterClientRequest { ClientId = trustedId, Kind = ClientKind.Trusted, Name = "人事系统" };
        var byOffice = await CodeOf(() => Attendance.RegisterClientAsync(trusted, Office).ResponseAsync);
        var byStaff = await CodeOf(() => Attendance.RegisterClientAsync(trusted, TestAuth.Bearer(hrStaff, Roles.Staff)).ResponseAsync);
        await Attendance.RegisterClientAsync(trusted, BureauLeader);
        var again = await Attendance.RegisterClientAsync(trusted, BureauLeader);
        var otherDetails = await CodeOf(() => Attendance.RegisterClientAsync(
            new RegisterClientRequest { ClientId = trustedId, Kind = ClientKind.Kiosk, Name = "人事系统" }, BureauLeader).ResponseAsync);
        var trustedPunch = await CodeOf(() => ClockInAsync(TestAuth.ClientBearer(trustedId), hrStaff, "hr-sync"));
        var officeDisablesTrusted = await CodeOf(() => Attendance.SetClientEnabledAsync(new SetClientEnabledRequest
            { ClientId = trustedId, Enabled = false, Reason = "x" }, Office).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, unknown);
        Assert.Equal(StatusCode.PermissionDenied, personAsReader);
        Assert.False(disabled.Enabled);
        Assert.Equal(("office-1", "设备报失"), (disabled.ChangedBy, disabled.ChangeReason));
        Assert.Equal(StatusCode.PermissionDenied, whileDisabled);
        Assert.Equal(StatusCode.InvalidArgument, disableWithoutReason);
        Assert.Equal(StatusCode.OK, enabledAgain);
        Assert.Equal(1, await PunchesAsync(taxStaff));
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (byOffice, byStaff));
        Assert.Equal(ClientKind.Trusted, again.Kind);
        Assert.Equal(StatusCode.AlreadyExists, otherDetails);
        Assert.Equal(StatusCode.OK, trustedPunch);
        Assert.Equal(StatusCode.PermissionDenied, officeDisablesTrusted);
    }

    [Fact]
    public async Task A_kiosk_takes_tickets_a_display_reads_the_wall_and_neither_punches()
    {
        var (window, staff) = await WindowWithStaffAsync("unit-hr");
        var (kioskId, displayId) = (Id("kiosk"), Id("display"));
        await Attendance.RegisterClientAsync(new RegisterClientRequest { ClientId = kioskId, Kind = ClientKind.Kiosk, Name = "取号机" }, Office);
        await Attendance.RegisterClientAsync(new RegisterClientRequest { ClientId = displayId, Kind = ClientKind.Display, Name = "大屏" }, Office);
        var (kiosk, display) = (TestAuth.ClientBearer(kioskId), TestAuth.ClientBearer(displayId));
        var item = Id("item");
        await Cases.PublishServiceItemAsync(TicketTests.Item(item, "m-id"), Office);

        // Cases learns of the kiosk over the bus.
        var ticket = await Eventually.Until(async () =>
        {
            try
            {
                return await Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = item }, kiosk);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                return null;
            }
        }, t => t is not null, TimeSpan.FromSeconds(30), "cases to know the kiosk");
        var wall = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, display);
        var kioskPunch = await CodeOf(() => ClockInAsync(kiosk, staff, kioskId));
        var displayPunch = await CodeOf(() => ClockInAsync(display, staff, displayId));
        var displayTicket = await CodeOf(() => Cases.TakeTicketAsync(
            new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = item }, display).ResponseAsync);
        var kioskWall = await CodeOf(() => Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, kiosk).ResponseAsync);

        Assert.NotEmpty(ticket!.TicketId);
        Assert.Equal(window, wall.WindowId);
        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied],
            [kioskPunch, displayPunch, displayTicket, kioskWall]);
        Assert.Equal(0, await PunchesAsync(staff));
    }

    [Fact]
    public async Task A_platform_decides_the_approval_branches_of_its_units_only()
    {
        var platformId = Id("platform");
        await Attendance.RegisterClientAsync(new RegisterClientRequest
            { ClientId = platformId, Kind = ClientKind.Platform, Name = "省政务服务平台", UnitIds = { "unit-tax" } }, Office);
        var platform = TestAuth.ClientBearer(platformId);
        var item = TicketTests.Item(Id("item"), "m-id");
        item.ParallelUnitIds.AddRange(["unit-tax", "unit-fire"]);
        await Cases.PublishServiceItemAsync(item, Office);
        var accepted = await Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item.ItemId, StaffId = "anna",
            Applicant = new ApplicantData { Name = "王小明", IdNumber = "110101199001011234", Phone = "13812345678" },
            SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer("anna", Roles.Staff));
        Task<Case> Decide(string unit) => Cases.DecideApprovalAsync(new DecideApprovalRequest
            { CaseId = accepted.CaseId, UnitId = unit, Approve = true, Reason = "符合条件" }, platform).ResponseAsync;

        var own = await Eventually.Until(async () =>
        {
            try
            {
                return await Decide("unit-tax");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                return null; // cases has not yet learned of the platform
            }
        }, c => c is not null, TimeSpan.FromSeconds(30), "cases to know the platform");
        var otherUnit = await CodeOf(() => Decide("unit-fire"));
        var after = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = accepted.CaseId }, Office);

        Assert.Equal(StatusCode.PermissionDenied, otherUnit);
        Assert.Contains(own!.Approvals, a => a.UnitId == "unit-tax" && a.Status == "APPROVED" && a.DecidedBy == platformId);
        Assert.Equal("PENDING", after.Approvals.Single(a => a.UnitId == "unit-fire").Status);
    }

    [Fact]
    public async Task The_registry_lists_a_page_at_a_time_for_the_office_and_the_discipline_office_only()
    {
        var prefix = Id("pg");
        foreach (var n in new[] { "a", "b", "c" })
        {
            await Attendance.RegisterClientAsync(new RegisterClientRequest
                { ClientId = $"{prefix}-{n}", Kind = ClientKind.Display, Name = "屏 " + n }, Office);
        }
        var all = new List<ClientInfo>();
        var token = "";
        do
        {
            var page = await Attendance.ListClientsAsync(new ListClientsRequest { PageSize = 2, PageToken = token },
                TestAuth.Bearer("d-1", Roles.DisciplineOffice));
            Assert.True(page.Clients.Count <= 2);
            all.AddRange(page.Clients);
            token = page.NextPageToken;
        } while (token.Length > 0);
        var badToken = await CodeOf(() => Attendance.ListClientsAsync(new ListClientsRequest { PageToken = "not a token" }, Office).ResponseAsync);
        var tooLarge = await CodeOf(() => Attendance.ListClientsAsync(new ListClientsRequest { PageSize = 201 }, Office).ResponseAsync);
        var byStaff = await CodeOf(() => Attendance.ListClientsAsync(new ListClientsRequest(), TestAuth.Bearer("s-1", Roles.Staff)).ResponseAsync);

        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"],
            all.Select(c => c.ClientId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(all.Count, all.Select(c => c.ClientId).Distinct().Count());
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.PermissionDenied), (badToken, tooLarge, byStaff));
    }

    [Fact]
    public async Task Without_the_legacy_setting_a_bare_system_token_counts_only_as_a_registered_trusted_client()
    {
        var scope = await hall.Infra.ScopeAsync("nolegacy");
        await using var app = await ServiceApp.StartAttendanceAsync(scope, hall.Time,
            settings: new Dictionary<string, string?> { ["Auth:LegacySystemRole"] = "false" });
        var attendance = new AttendanceService.AttendanceServiceClient(app.Channel);
        var (window, staff) = (Id("w"), Id("s"));
        await attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "窗口" }, Office);
        await attendance.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "x", UnitId = "unit-hr", WindowId = window }, Office);
        var systemId = Id("hr-sync");
        var bare = TestAuth.Bearer(systemId, Roles.System);
        Task<ClockInResponse> Punch() => attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "hr-sync",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(25, 8, 55)),
        }, bare).ResponseAsync;

        var unregistered = await CodeOf(Punch);
        await attendance.RegisterClientAsync(new RegisterClientRequest { ClientId = systemId, Kind = ClientKind.Trusted, Name = "人事系统" }, BureauLeader);
        var registered = await CodeOf(Punch);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.OK), (unregistered, registered));
    }
}
