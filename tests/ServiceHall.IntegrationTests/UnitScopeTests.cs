using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Unit heads act within the unit the staff registry places them in, and a token is a unit head's only where the
/// registry says so: another unit's leave, windows, staff, rosters, closures and facts are PERMISSION_DENIED and
/// nothing is written; an unknown id reads the same as another unit's.
/// </summary>
public sealed class UnitScopeTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);

    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    private sealed record Hall(string Id, string WindowHr, string WindowTax, string Ah, string Bh, string At, string Bt,
        Metadata HeadHr, Metadata HeadTax);

    /// <summary>A window of each unit with two staff rostered all week, and a registered head of each unit.</summary>
    private async Task<Hall> HallAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var h = new Hall(id, $"wh-{id}", $"wt-{id}", $"ah-{id}", $"bh-{id}", $"at-{id}", $"bt-{id}",
            TestAuth.Bearer($"headh-{id}", Roles.UnitHead), TestAuth.Bearer($"headt-{id}", Roles.UnitHead));
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = h.WindowHr, UnitId = "unit-hr", Name = "社保 1号" }, Office);
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = h.WindowTax, UnitId = "unit-tax", Name = "税务 1号" }, Office);
        foreach (var (staff, unit, window) in new[] { (h.Ah, "unit-hr", h.WindowHr), (h.Bh, "unit-hr", h.WindowHr), (h.At, "unit-tax", h.WindowTax), (h.Bt, "unit-tax", h.WindowTax) })
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = unit, WindowId = window }, Office);
        foreach (var (head, unit) in new[] { ($"headh-{id}", "unit-hr"), ($"headt-{id}", "unit-tax") })
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = head, DisplayName = head, UnitId = unit, Roles = { StaffRole.UnitHead } }, Office);
        foreach (var (window, a, b) in new[] { (h.WindowHr, h.Ah, h.Bh), (h.WindowTax, h.At, h.Bt) })
            await Client.SetRosterAsync(Roster(window, a, b), Office);
        return h;
    }

    private static SetRosterRequest Roster(string window, params string[] staff)
    {
        var roster = new SetRosterRequest { WindowId = window, WeekStart = "2026-11-23" };
        for (var day = 23; day <= 27; day++)
        {
            foreach (var s in staff)
                roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = s, Shift = Shift.FullDay });
        }
        return roster;
    }

    private async Task<Leave> AskAsync(string staff, string substitute)
    {
        var leave = (await Client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = staff, SubstituteStaffId = substitute, Kind = LeaveKind.Personal,
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 17, 0)), Reason = "家中有事",
        }, TestAuth.Bearer(staff, Roles.Staff))).Leave;
        await Client.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = leave.LeaveId }, TestAuth.Bearer(substitute, Roles.Staff));
        return leave;
    }

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

    [Fact]
    public async Task A_unit_head_decides_only_their_own_units_leave_and_nothing_is_written()
    {
        var h = await HallAsync();
        var leave = await AskAsync(h.At, h.Bt);

        var approve = await CodeOf(() => Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, h.HeadHr).ResponseAsync);
        var reject = await CodeOf(() => Client.RejectLeaveAsync(new RejectLeaveRequest { LeaveId = leave.LeaveId, Reason = "不批" }, h.HeadHr).ResponseAsync);
        var assign = await CodeOf(() => Client.AssignSubstituteAsync(new AssignSubstituteRequest { LeaveId = leave.LeaveId, SubstituteStaffId = h.Bt }, h.HeadHr).ResponseAsync);
        var onBehalf = await CodeOf(() => Client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = h.Bt, SubstituteStaffId = h.At, Kind = LeaveKind.Personal,
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 17, 0)), Reason = "代请",
        }, h.HeadHr).ResponseAsync);
        var untouched = (await Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, Office)).Leave;
        // An id that does not exist reads to a unit head as another unit's; the office (hall-wide) learns it is unknown.
        var unknownToHead = await CodeOf(() => Client.AssignSubstituteAsync(new AssignSubstituteRequest { LeaveId = "no-such-leave", SubstituteStaffId = h.Bt }, h.HeadHr).ResponseAsync);
        var unknownToOffice = await CodeOf(() => Client.AssignSubstituteAsync(new AssignSubstituteRequest { LeaveId = "no-such-leave", SubstituteStaffId = h.Bt }, Office).ResponseAsync);
        var approved = (await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, h.HeadTax)).Leave;

        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied],
            new[] { approve, reject, assign, onBehalf });
        Assert.Equal((LeaveStatus.SubstituteAccepted, ""), (untouched.Status, untouched.ApprovedBy));
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.NotFound), (unknownToHead, unknownToOffice));
        Assert.Equal((LeaveStatus.Approved, $"headt-{h.Id}"), (approved.Status, approved.ApprovedBy));
    }

    [Fact]
    public async Task A_unit_head_sets_up_windows_staff_and_rosters_only_in_their_unit()
    {
        var h = await HallAsync();
        var before = await Client.GetRosterAsync(new GetRosterRequest { WindowId = h.WindowTax, WeekStart = "2026-11-23" }, Office);

        var codes = new[]
        {
            await CodeOf(() => Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"wx-{h.Id}", UnitId = "unit-tax", Name = "税务 9号" }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"sx-{h.Id}", DisplayName = "x", UnitId = "unit-tax", WindowId = h.WindowTax }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.SetRosterAsync(Roster(h.WindowTax, h.At, h.Bt, h.Ah), h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.SetWindowServiceItemsAsync(new SetWindowServiceItemsRequest { WindowId = h.WindowTax, ServiceItemIds = { "item-x" } }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.SetWindowServiceItemsAsync(new SetWindowServiceItemsRequest { WindowId = "no-such-window", ServiceItemIds = { "item-x" } }, h.HeadHr).ResponseAsync),
        };
        var tax = await Client.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "unit-tax" }, Office);
        var after = await Client.GetRosterAsync(new GetRosterRequest { WindowId = h.WindowTax, WeekStart = "2026-11-23" }, Office);
        var own = await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"wy-{h.Id}", UnitId = "unit-hr", Name = "社保 9号" }, h.HeadHr);

        Assert.All(codes, code => Assert.Equal(StatusCode.PermissionDenied, code));
        Assert.DoesNotContain(tax.Windows, w => w.WindowId == $"wx-{h.Id}");
        Assert.DoesNotContain(tax.Staff, s => s.StaffId == $"sx-{h.Id}");
        Assert.Empty(tax.Windows.Single(w => w.WindowId == h.WindowTax).ServiceItemIds);
        Assert.Equal(before.Entries.Count, after.Entries.Count);
        Assert.Equal($"wy-{h.Id}", own.WindowId);
    }

    [Fact]
    public async Task A_token_is_a_unit_heads_only_where_the_registry_says_so_and_a_role_change_takes_effect_at_once()
    {
        var h = await HallAsync();
        var ghost = TestAuth.Bearer($"ghost-{h.Id}", Roles.UnitHead); // nobody the registry knows
        var staffAsHead = TestAuth.Bearer(h.Ah, Roles.Staff, Roles.UnitHead); // registered, but as window staff only
        // The unit comes from the registry, never from the token: a head of unit-hr claiming unit-tax stays in unit-hr.
        var forged = TestAuth.BearerWithClaims($"headh-{h.Id}", [Roles.UnitHead], (CallerScope.UnitClaim, "unit-tax"));
        var leave = await AskAsync(h.At, h.Bt);
        Task<CreateWindowResponse> Create(string window, Metadata who) =>
            Client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "社保" }, who).ResponseAsync;

        var ghostCreates = await CodeOf(() => Create($"wg-{h.Id}", ghost));
        var staffCreates = await CodeOf(() => Create($"ws-{h.Id}", staffAsHead));
        var forgedApproves = await CodeOf(() => Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, forged).ResponseAsync);
        await Client.SetStaffRolesAsync(new SetStaffRolesRequest { StaffId = h.Ah, Roles = { StaffRole.WindowStaff, StaffRole.UnitHead } }, Office);
        var promotedCreates = await CodeOf(() => Create($"wp-{h.Id}", staffAsHead));
        await Client.SetStaffRolesAsync(new SetStaffRolesRequest { StaffId = h.Ah, Roles = { StaffRole.WindowStaff } }, Office);
        var demotedCreates = await CodeOf(() => Create($"wd-{h.Id}", staffAsHead));
        var hr = await Client.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "unit-hr" }, Office);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied),
            (ghostCreates, staffCreates, forgedApproves));
        Assert.Equal((StatusCode.OK, StatusCode.PermissionDenied), (promotedCreates, demotedCreates));
        Assert.Equal([$"wp-{h.Id}"], hr.Windows.Select(w => w.WindowId).Where(w => w.EndsWith(h.Id, StringComparison.Ordinal) && w != h.WindowHr));
    }

    [Fact]
    public async Task Another_units_closures_signs_and_facts_are_refused_to_a_unit_head_and_their_lists_hold_their_unit_only()
    {
        var h = await HallAsync();
        var closure = await Client.RequestWindowClosureAsync(new RequestWindowClosureRequest
        {
            ClosureId = Guid.NewGuid().ToString(), WindowId = h.WindowTax, Reason = "系统升级",
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 14, 0)), EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 15, 0)),
        }, TestAuth.Bearer(h.At, Roles.Staff));
        // Both late on Wednesday morning: a provisional fact each.
        foreach (var staff in new[] { h.Ah, h.At })
        {
            await Client.ClockInAsync(new ClockInRequest
            {
                PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1",
                PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(25, 9, 20)),
            }, BadgeReader);
        }
        var taxFact = (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25", StaffId = h.At }, Office)).Facts.First();

        var codes = new[]
        {
            await CodeOf(() => Client.ApproveWindowClosureAsync(new ApproveWindowClosureRequest { ClosureId = closure.ClosureId }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.RequestWindowClosureAsync(new RequestWindowClosureRequest
            {
                ClosureId = Guid.NewGuid().ToString(), WindowId = h.WindowTax, Reason = "x",
                StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 14, 0)), EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 15, 0)),
            }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.CloseWindowAsync(new CloseWindowRequest { WindowId = h.WindowTax, Reason = "x" }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.OpenWindowAsync(new OpenWindowRequest { WindowId = h.WindowTax }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.VoidAttendanceFactAsync(new VoidAttendanceFactRequest { FactId = taxFact.FactId, Reason = "读卡器故障" }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25", StaffId = h.At }, h.HeadHr).ResponseAsync),
            await CodeOf(() => Client.ListCorrectionsAsync(new ListCorrectionsRequest { Date = "2026-11-25", StaffId = h.At }, h.HeadHr).ResponseAsync),
        };
        var hrDay = (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25" }, h.HeadHr)).Facts;
        var taxDay = (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25" }, h.HeadTax)).Facts;
        var stillProvisional = (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-25", StaffId = h.At }, Office)).Facts.Single(f => f.FactId == taxFact.FactId);
        var status = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = h.WindowTax }, Office);
        var approved = await Client.ApproveWindowClosureAsync(new ApproveWindowClosureRequest { ClosureId = closure.ClosureId }, h.HeadTax);

        Assert.All(codes, code => Assert.Equal(StatusCode.PermissionDenied, code));
        Assert.Contains(hrDay, f => f.StaffId == h.Ah);
        Assert.DoesNotContain(hrDay, f => f.StaffId == h.At);
        Assert.Contains(taxDay, f => f.StaffId == h.At);
        Assert.DoesNotContain(taxDay, f => f.StaffId == h.Ah);
        Assert.Equal((taxFact.Status, ""), (stillProvisional.Status, stillProvisional.EndedBy));
        Assert.NotEqual(WindowState.Closed, status.State);
        Assert.Equal($"headt-{h.Id}", approved.ApprovedBy);
    }

    [Fact]
    public async Task Staff_close_open_and_ask_to_close_only_the_window_they_sit_at()
    {
        var h = await HallAsync();
        var ah = TestAuth.Bearer(h.Ah, Roles.Staff);

        var codes = new[]
        {
            await CodeOf(() => Client.CloseWindowAsync(new CloseWindowRequest { WindowId = h.WindowTax, Reason = "x" }, ah).ResponseAsync),
            await CodeOf(() => Client.OpenWindowAsync(new OpenWindowRequest { WindowId = h.WindowTax }, ah).ResponseAsync),
            await CodeOf(() => Client.RequestWindowClosureAsync(new RequestWindowClosureRequest
            {
                ClosureId = Guid.NewGuid().ToString(), WindowId = h.WindowTax, Reason = "x",
                StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 14, 0)), EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 15, 0)),
            }, ah).ResponseAsync),
            await CodeOf(() => Client.CloseWindowAsync(new CloseWindowRequest { WindowId = "no-such-window", Reason = "x" }, ah).ResponseAsync),
        };
        var tax = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = h.WindowTax }, Office);
        var own = await Client.CloseWindowAsync(new CloseWindowRequest { WindowId = h.WindowHr, Reason = "系统故障" }, ah);
        var ownStatus = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = h.WindowHr }, Office);

        Assert.All(codes, code => Assert.Equal(StatusCode.PermissionDenied, code));
        Assert.NotEqual(WindowState.Closed, tax.State);
        Assert.Equal((h.WindowHr, WindowState.Closed), (own.WindowId, ownStatus.State));
    }
}
