using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using A = ServiceHall.Attendance.V1;
using C = ServiceHall.Cases.V1;
using D = ServiceHall.Discipline.V1;
using P = ServiceHall.Complaints.V1;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The four services on a scope of their own, with one person of each role and one machine of each kind registered in
/// unit-hr (at its window <see cref="WindowHr"/>), and a window and a staff member of unit-tax — the "other" that the
/// probes name.
/// </summary>
public sealed class AccessFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata OfficeToken = TestAuth.Bearer("acc-office", Roles.Office);

    private readonly string _id = Guid.NewGuid().ToString("N")[..6];

    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Attendance { get; private set; } = null!;

    public ServiceApp Cases { get; private set; } = null!;

    public ServiceApp Complaints { get; private set; } = null!;

    public ServiceApp Discipline { get; private set; } = null!;

    public string WindowHr => $"acc-wh-{_id}";

    public string WindowTax => $"acc-wt-{_id}";

    /// <summary>Another window of unit-hr.</summary>
    public string WindowHr2 => $"acc-wh2-{_id}";

    /// <summary>The staff member who calls as <c>staff</c>: registered at <see cref="WindowHr"/>.</summary>
    public string StaffHr => $"acc-s-{_id}";

    /// <summary>A staff member of the other unit, at <see cref="WindowTax"/>.</summary>
    public string StaffTax => $"acc-t-{_id}";

    /// <summary>The registered badge reader at <see cref="WindowHr"/>.</summary>
    public string ReaderId => $"acc-reader-{_id}";

    /// <summary>A second staff member at <see cref="WindowHr"/>: the A/B partner, the agent.</summary>
    public string StaffHr2 => $"acc-s2-{_id}";

    /// <summary>A service item of unit-hr offered at <see cref="WindowHr"/>.</summary>
    public string Item => $"acc-item-{_id}";

    /// <summary>The objects of unit-hr the "own" probes name (leave, outing, closure, correction, ticket, case, …).</summary>
    public OwnObjects Own { get; private set; } = null!;

    public sealed record OwnObjects(string LeaveOfStaff, string LeaveStoodInByStaff, string Outing, string Closure,
        string Correction, string CalledTicket, string Case, string Complaint, string Review, string RectificationItem);

    /// <summary>The callers: one per column of the matrix, each of unit-hr where a unit applies.</summary>
    public IReadOnlyDictionary<string, Metadata> Callers { get; private set; } = null!;

    public static readonly Dictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        // Each identity calls every RPC once or twice in a few seconds: the per-caller limit is RateLimitTests' subject.
        ["ServiceHall:RateLimits:PerCallerPerSecond"] = "10000", ["ServiceHall:RateLimits:PerCallerBurst"] = "10000",
    };

    public async ValueTask InitializeAsync()
    {
        var scope = await infra.ScopeAsync("access");
        var attendance = ServiceApp.StartAttendanceAsync(scope, Time, settings: Settings);
        var cases = ServiceApp.StartCasesAsync(scope, Time, settings: Settings);
        var complaints = ServiceApp.StartComplaintsAsync(scope, Time, settings: Settings);
        var discipline = ServiceApp.StartDisciplineAsync(scope, Time, settings: Settings);
        (Attendance, Cases, Complaints, Discipline) = (await attendance, await cases, await complaints, await discipline);

        var client = new A.AttendanceService.AttendanceServiceClient(Attendance.Channel);
        await client.CreateWindowAsync(new A.CreateWindowRequest { WindowId = WindowHr, UnitId = "unit-hr", Name = "社保 1号" }, OfficeToken);
        await client.CreateWindowAsync(new A.CreateWindowRequest { WindowId = WindowTax, UnitId = "unit-tax", Name = "税务 1号" }, OfficeToken);
        await client.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = StaffHr, DisplayName = "s", UnitId = "unit-hr", WindowId = WindowHr }, OfficeToken);
        await client.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = StaffTax, DisplayName = "t", UnitId = "unit-tax", WindowId = WindowTax }, OfficeToken);
        var (head, duty) = ($"acc-head-{_id}", $"acc-duty-{_id}");
        await client.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = head, DisplayName = "h", UnitId = "unit-hr", Roles = { A.StaffRole.UnitHead } }, OfficeToken);
        await client.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = duty, DisplayName = "d", UnitId = "unit-hr", Roles = { A.StaffRole.DutyLeader } }, OfficeToken);
        var (reader, kiosk, display, platform) = (ReaderId, $"acc-kiosk-{_id}", $"acc-display-{_id}", $"acc-platform-{_id}");
        await client.RegisterClientAsync(new A.RegisterClientRequest { ClientId = reader, Kind = A.ClientKind.BadgeReader, Name = "考勤机", WindowIds = { WindowHr } }, OfficeToken);
        await client.RegisterClientAsync(new A.RegisterClientRequest { ClientId = kiosk, Kind = A.ClientKind.Kiosk, Name = "取号机" }, OfficeToken);
        await client.RegisterClientAsync(new A.RegisterClientRequest { ClientId = display, Kind = A.ClientKind.Display, Name = "大屏" }, OfficeToken);
        await client.RegisterClientAsync(new A.RegisterClientRequest { ClientId = platform, Kind = A.ClientKind.Platform, Name = "省平台", UnitIds = { "unit-hr" } }, OfficeToken);

        Callers = new Dictionary<string, Metadata>
        {
            [Roles.Staff] = TestAuth.Bearer(StaffHr, Roles.Staff),
            [Roles.DutyLeader] = TestAuth.Bearer(duty, Roles.DutyLeader),
            [Roles.UnitHead] = TestAuth.Bearer(head, Roles.UnitHead),
            [Roles.BureauLeader] = TestAuth.Bearer("acc-bureau", Roles.BureauLeader),
            [Roles.Office] = OfficeToken,
            [Roles.DisciplineOffice] = TestAuth.Bearer("acc-discipline", Roles.DisciplineOffice),
            [Roles.System] = TestAuth.Bearer("acc-system", Roles.System),
            [Roles.BadgeReader] = TestAuth.ClientBearer(reader),
            [Roles.Kiosk] = TestAuth.ClientBearer(kiosk),
            [Roles.Display] = TestAuth.ClientBearer(display),
            [Roles.Platform] = TestAuth.ClientBearer(platform),
        };

        await OwnWorldAsync(client, duty);

        // The registrations reach cases, complaints and discipline over the bus.
        var casesClient = new C.CasesService.CasesServiceClient(Cases.Channel);
        await Eventually.Until(() => CodeOf(() => casesClient.DecideApprovalAsync(new C.DecideApprovalRequest
                { CaseId = "acc-none", UnitId = "unit-hr", Approve = true }, Callers[Roles.Platform]).ResponseAsync),
            code => code != StatusCode.PermissionDenied);
        await Eventually.Until(() => CodeOf(() => casesClient.GetWorkLogAsync(new C.GetWorkLogRequest
                { StaffId = StaffHr, Date = "2026-11-24" }, Callers[Roles.UnitHead]).ResponseAsync),
            code => code == StatusCode.OK);
        var complaintsClient = new P.ComplaintsService.ComplaintsServiceClient(Complaints.Channel);
        await Eventually.Until(() => CodeOf(() => complaintsClient.SubmitSuggestionAsync(new P.SubmitSuggestionRequest
                { RequestId = Guid.NewGuid().ToString(), Channel = P.Channel.Window, Content = "多开窗口", SourceId = "acc-pad" },
                Callers[Roles.Kiosk]).ResponseAsync),
            code => code == StatusCode.OK);
        var disciplineClient = new D.DisciplineService.DisciplineServiceClient(Discipline.Channel);
        await Eventually.Until(() => CodeOf(() => disciplineClient.GetStandingAsync(new D.GetStandingRequest
                { StaffId = StaffHr, Year = 2026 }, Callers[Roles.UnitHead]).ResponseAsync),
            code => code == StatusCode.OK);
    }

    /// <summary>One object of each kind in unit-hr, made by those who may, for the probes that name the caller's own.</summary>
    private async Task OwnWorldAsync(A.AttendanceService.AttendanceServiceClient client, string dutyLeader)
    {
        var staff = Callers[Roles.Staff];
        var partner = TestAuth.Bearer(StaffHr2, Roles.Staff);
        var system = Callers[Roles.System];
        var kiosk = TestAuth.Bearer("acc-kiosk-system", Roles.System);
        await client.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = StaffHr2, DisplayName = "s2", UnitId = "unit-hr", WindowId = WindowHr }, OfficeToken);
        var cases = new C.CasesService.CasesServiceClient(Cases.Channel);
        await cases.PublishServiceItemAsync(new C.PublishServiceItemRequest
        {
            ItemId = Item, Name = "社保卡补办", ApprovingUnitId = "unit-hr", Content = "补办", ProcedureSteps = { "收件" },
            LegalBasis = "社会保险法", Materials = { new C.Material { MaterialId = "m-id", Name = "身份证", OriginalRequired = true } },
            CommittedDays = 5, StatutoryDays = 20, ResultForm = "社保卡", FeeBasis = "无", FeeStandard = "不收费",
        }, OfficeToken);
        await client.SetWindowServiceItemsAsync(new A.SetWindowServiceItemsRequest { WindowId = WindowHr, ServiceItemIds = { Item } }, OfficeToken);
        // A second window of unit-hr: the own ticket is transferred there and stays the unit's, whatever order the probes run in.
        await client.CreateWindowAsync(new A.CreateWindowRequest { WindowId = WindowHr2, UnitId = "unit-hr", Name = "社保 2号", ServiceItemIds = { Item } }, OfficeToken);

        var leave = (await client.RequestLeaveAsync(new A.RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = StaffHr, Kind = A.LeaveKind.Personal, SubstituteStaffId = StaffHr2,
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 17, 0)), Reason = "家中有事",
        }, staff)).Leave.LeaveId;
        var stoodIn = (await client.RequestLeaveAsync(new A.RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = StaffHr2, Kind = A.LeaveKind.Sick, SubstituteStaffId = StaffHr,
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 17, 0)), Reason = "看病",
        }, partner)).Leave.LeaveId;
        var outing = (await client.RequestGoingOutAsync(new A.RequestGoingOutRequest
            { OutingId = Guid.NewGuid().ToString(), StaffId = StaffHr, Minutes = 30, Reason = "送材料" }, staff)).OutingId;
        var closure = (await client.RequestWindowClosureAsync(new A.RequestWindowClosureRequest
        {
            ClosureId = Guid.NewGuid().ToString(), WindowId = WindowHr, Reason = "设备检修",
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 12, 0)),
        }, staff)).ClosureId;
        var correction = (await client.FileCorrectionAsync(new A.FileCorrectionRequest
        {
            CorrectionId = Guid.NewGuid().ToString(), StaffId = StaffHr, WorkDate = "2026-11-24", Kind = A.CorrectionKind.AddClockIn,
            At = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 8, 50)), Reason = "忘记打卡",
        }, staff)).CorrectionId;
        // Tomorrow's duty: the staff member is the duty person, the duty leader the day's duty leader.
        await client.SetHallDutyAsync(new A.SetHallDutyRequest
            { Date = "2026-11-26", UnitId = "unit-hr", DutyStaffId = StaffHr, DutyLeaderStaffId = dutyLeader }, OfficeToken);

        // Cases learns the windows' items and units and the staff registry over the bus.
        await Eventually.Until(() => CodeOf(() => cases.GetWindowCallingStateAsync(new C.GetWindowCallingStateRequest
            { WindowId = WindowHr2 }, OfficeToken).ResponseAsync), code => code == StatusCode.OK);
        await Eventually.Until(() => CodeOf(() => cases.CallNextTicketAsync(new C.CallNextTicketRequest
            { WindowId = WindowHr, StaffId = StaffHr2 }, partner).ResponseAsync), code => code == StatusCode.OK);
        var finished = (await cases.TakeTicketAsync(new C.TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = Item }, kiosk)).TicketId;
        await cases.CallNextTicketAsync(new C.CallNextTicketRequest { WindowId = WindowHr, StaffId = StaffHr }, system);
        await cases.StartServiceAsync(new C.TicketActionRequest { TicketId = finished, StaffId = StaffHr }, system);
        await cases.FinishServiceAsync(new C.TicketActionRequest { TicketId = finished, StaffId = StaffHr }, system);
        var called = (await cases.TakeTicketAsync(new C.TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = Item }, kiosk)).TicketId;
        await cases.CallNextTicketAsync(new C.CallNextTicketRequest { WindowId = WindowHr, StaffId = StaffHr }, system);
        var caseId = (await cases.ReceiveApplicationAsync(new C.ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = Item, StaffId = StaffHr, SubmittedMaterialIds = { "m-id" },
            Applicant = new C.ApplicantData { Name = "李四", IdNumber = "110101199001011234", Phone = "13800000000" },
        }, system)).CaseId;

        var complaints = new P.ComplaintsService.ComplaintsServiceClient(Complaints.Channel);
        var review = await Eventually.Until(async () =>
        {
            try
            {
                return (await complaints.SubmitReviewAsync(new P.SubmitReviewRequest
                {
                    RequestId = $"acc-review-{_id}", TicketId = finished, Grade = P.Grade.VeryDissatisfied, Comment = "等太久",
                    SourceId = $"acc-pad-{_id}",
                }, kiosk)).ReviewId;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return ""; // the finished ticket has not reached complaints yet
            }
        }, id => id.Length > 0);
        var complaint = (await complaints.SubmitComplaintAsync(new P.SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = P.Channel.Window, Category = P.ComplaintCategory.Attitude,
            WindowId = WindowHr, Content = "态度生硬", SourceId = $"acc-src-{_id}",
        }, kiosk)).ComplaintId;
        var discipline = new D.DisciplineService.DisciplineServiceClient(Discipline.Channel);
        var item = (await discipline.AddRectificationItemAsync(new D.AddRectificationItemRequest
            { UnitId = "unit-hr", Title = "窗口卫生", Owner = StaffHr, DueDate = "2026-12-31" }, OfficeToken)).ItemId;
        Own = new OwnObjects(leave, stoodIn, outing, closure, correction, called, caseId, complaint, review, item);
        await Eventually.Until(() => CodeOf(() => complaints.GetComplaintAsync(new P.GetComplaintRequest { ComplaintId = complaint },
            TestAuth.Bearer($"acc-head-{_id}", Roles.UnitHead)).ResponseAsync), code => code == StatusCode.OK);
    }

    public static async Task<StatusCode> CodeOf(Func<Task> call)
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

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { Attendance, Cases, Complaints, Discipline })
        {
            if (app is not null)
                await app.DisposeAsync();
        }
    }
}

/// <summary>
/// The access matrix, called (issue 14): every RPC as every role and machine of <see cref="AccessMatrix"/>, as a token
/// without a known role and without a token, each naming what is not the caller's — unit-tax's window or staff member,
/// or an id that does not exist (which a scoped caller must not be able to tell from another unit's). A role the matrix
/// refuses and an allowed role with a reach narrower than the hall get PERMISSION_DENIED; a hall-wide role gets past the
/// access check. The probes are written so that they pass validation: the status is the access decision, not a
/// complaint about the message.
/// </summary>
public sealed partial class AccessMatrixTests(AccessFixture hall) : IClassFixture<AccessFixture>
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>When set, the clients below record the request a probe would send instead of sending it.</summary>
    private CapturingInvoker? _capture;

    private A.AttendanceService.AttendanceServiceClient Attendance => _capture is { } c ? new(c) : new(hall.Attendance.Channel);

    private C.CasesService.CasesServiceClient Cases => _capture is { } c ? new(c) : new(hall.Cases.Channel);

    private P.ComplaintsService.ComplaintsServiceClient Complaints => _capture is { } c ? new(c) : new(hall.Complaints.Channel);

    private D.DisciplineService.DisciplineServiceClient Discipline => _capture is { } c ? new(c) : new(hall.Discipline.Channel);

    private ServiceHall.Audit.V1.AuditService.AuditServiceClient Audit => _capture is { } c ? new(c) : new(hall.Attendance.Channel);

    private Timestamp Now => Timestamp.FromDateTimeOffset(hall.Time.GetUtcNow());

    private static Timestamp At(int day, int hour) => Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, hour, 0));

    public static TheoryData<string> Keys => [.. AccessMatrix.Rpcs.Select(r => r.Key)];

    /// <summary>A call of the RPC that names another unit's window or staff member, or ids that do not exist.</summary>
    private Func<Metadata, Task> Probe(string key) => key switch
    {
        "attendance/CreateWindow" => m => Attendance.CreateWindowAsync(new() { WindowId = $"acc-{NewId()[..8]}", UnitId = "unit-tax", Name = "新窗口" }, m).ResponseAsync,
        "attendance/RegisterStaff" => m => Attendance.RegisterStaffAsync(new() { StaffId = $"acc-{NewId()[..8]}", DisplayName = "x", UnitId = "unit-tax", WindowId = hall.WindowTax }, m).ResponseAsync,
        "attendance/ClockIn" => m => Attendance.ClockInAsync(new() { PunchId = NewId(), StaffId = hall.StaffTax, PunchedAt = Now, DeviceId = "acc-reader" }, m).ResponseAsync,
        "attendance/ClockOut" => m => Attendance.ClockOutAsync(new() { PunchId = NewId(), StaffId = hall.StaffTax, PunchedAt = Now, DeviceId = "acc-reader" }, m).ResponseAsync,
        "attendance/GetWindowStatus" => m => Attendance.GetWindowStatusAsync(new() { WindowId = hall.WindowTax }, m).ResponseAsync,
        "attendance/WatchWindows" => WatchAsync,
        "attendance/SetRoster" => m => Attendance.SetRosterAsync(new() { WindowId = hall.WindowTax, WeekStart = "2026-11-30" }, m).ResponseAsync,
        "attendance/GetRoster" => m => Attendance.GetRosterAsync(new() { WindowId = hall.WindowTax, WeekStart = "2026-11-23" }, m).ResponseAsync,
        "attendance/RequestLeave" => m => Attendance.RequestLeaveAsync(new()
        {
            LeaveId = NewId(), StaffId = hall.StaffTax, Kind = A.LeaveKind.Personal, StartsAt = At(27, 9), EndsAt = At(27, 17),
            SubstituteStaffId = hall.StaffHr, Reason = "家中有事",
        }, m).ResponseAsync,
        "attendance/AcceptSubstitution" => m => Attendance.AcceptSubstitutionAsync(new() { LeaveId = NewId() }, m).ResponseAsync,
        "attendance/ApproveLeave" => m => Attendance.ApproveLeaveAsync(new() { LeaveId = NewId() }, m).ResponseAsync,
        "attendance/AssignSubstitute" => m => Attendance.AssignSubstituteAsync(new() { LeaveId = NewId(), SubstituteStaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/RejectLeave" => m => Attendance.RejectLeaveAsync(new() { LeaveId = NewId(), Reason = "人手不足" }, m).ResponseAsync,
        "attendance/CancelLeave" => m => Attendance.CancelLeaveAsync(new() { LeaveId = NewId(), Reason = "不去了" }, m).ResponseAsync,
        "attendance/ReportBack" => m => Attendance.ReportBackAsync(new() { LeaveId = NewId() }, m).ResponseAsync,
        "attendance/GetLeave" => m => Attendance.GetLeaveAsync(new() { LeaveId = NewId() }, m).ResponseAsync,
        "attendance/RequestGoingOut" => m => Attendance.RequestGoingOutAsync(new() { OutingId = NewId(), StaffId = hall.StaffTax, Minutes = 30, Reason = "送材料" }, m).ResponseAsync,
        "attendance/ApproveGoingOut" => m => Attendance.ApproveGoingOutAsync(new() { OutingId = NewId() }, m).ResponseAsync,
        "attendance/LeavePost" => m => Attendance.LeavePostAsync(new() { StaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/ReturnToPost" => m => Attendance.ReturnToPostAsync(new() { StaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/RequestWindowClosure" => m => Attendance.RequestWindowClosureAsync(new()
            { ClosureId = NewId(), WindowId = hall.WindowTax, Reason = "设备检修", StartsAt = At(27, 9), EndsAt = At(27, 12) }, m).ResponseAsync,
        "attendance/ApproveWindowClosure" => m => Attendance.ApproveWindowClosureAsync(new() { ClosureId = NewId() }, m).ResponseAsync,
        "attendance/CloseWindow" => m => Attendance.CloseWindowAsync(new() { WindowId = hall.WindowTax, Reason = "设备故障" }, m).ResponseAsync,
        "attendance/OpenWindow" => m => Attendance.OpenWindowAsync(new() { WindowId = hall.WindowTax }, m).ResponseAsync,
        "attendance/CreateUnit" => m => Attendance.CreateUnitAsync(new() { UnitId = $"acc-{NewId()[..8]}", Name = "新单位" }, m).ResponseAsync,
        "attendance/GetOrganisation" => m => Attendance.GetOrganisationAsync(new() { UnitId = "unit-tax" }, m).ResponseAsync,
        "attendance/SetWindowServiceItems" => m => Attendance.SetWindowServiceItemsAsync(new() { WindowId = hall.WindowTax }, m).ResponseAsync,
        "attendance/SetStaffRoles" => m => Attendance.SetStaffRolesAsync(new() { StaffId = hall.StaffTax, Roles = { A.StaffRole.WindowStaff } }, m).ResponseAsync,
        "attendance/SetStaffActive" => m => Attendance.SetStaffActiveAsync(new() { StaffId = $"acc-{NewId()[..8]}", Active = false, Reason = "离职" }, m).ResponseAsync,
        "attendance/SetHallDuty" => m => Attendance.SetHallDutyAsync(new() { Date = "2026-11-30", UnitId = "unit-tax", DutyStaffId = hall.StaffTax, DutyLeaderStaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/GetHallDuty" => m => Attendance.GetHallDutyAsync(new() { Date = "2026-11-25" }, m).ResponseAsync,
        "attendance/RecordPowerOffCheck" => m => Attendance.RecordPowerOffCheckAsync(new() { Date = "2026-11-25", WindowId = hall.WindowTax, PoweredOff = true }, m).ResponseAsync,
        "attendance/WriteDutyRegister" => m => Attendance.WriteDutyRegisterAsync(new() { Date = "2026-11-25", Note = "一切正常" }, m).ResponseAsync,
        "attendance/GetDutyRegister" => m => Attendance.GetDutyRegisterAsync(new() { Date = "2026-11-25" }, m).ResponseAsync,
        "attendance/GetWeeklyAttendanceSummary" => m => Attendance.GetWeeklyAttendanceSummaryAsync(new() { WeekStart = "2026-11-23", UnitId = "unit-tax" }, m).ResponseAsync,
        "attendance/ListAttendanceFacts" => m => Attendance.ListAttendanceFactsAsync(new() { Date = "2026-11-24", StaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/VoidAttendanceFact" => m => Attendance.VoidAttendanceFactAsync(new() { FactId = NewId(), Reason = "误判" }, m).ResponseAsync,
        "attendance/FileCorrection" => m => Attendance.FileCorrectionAsync(new()
        {
            CorrectionId = NewId(), StaffId = hall.StaffTax, WorkDate = "2026-11-24", Kind = A.CorrectionKind.AddClockIn,
            At = At(24, 9), Reason = "忘记打卡",
        }, m).ResponseAsync,
        "attendance/DecideCorrection" => m => Attendance.DecideCorrectionAsync(new() { CorrectionId = NewId(), Approve = true, Reason = "属实" }, m).ResponseAsync,
        "attendance/ListCorrections" => m => Attendance.ListCorrectionsAsync(new() { Date = "2026-11-24", StaffId = hall.StaffTax }, m).ResponseAsync,
        "attendance/RegisterClient" => m => Attendance.RegisterClientAsync(new() { ClientId = $"acc-{NewId()[..8]}", Kind = A.ClientKind.Display, Name = "窗口屏" }, m).ResponseAsync,
        "attendance/SetClientEnabled" => m => Attendance.SetClientEnabledAsync(new() { ClientId = $"acc-{NewId()[..8]}", Enabled = false, Reason = "丢失" }, m).ResponseAsync,
        "attendance/ListClients" => m => Attendance.ListClientsAsync(new(), m).ResponseAsync,

        "cases/PublishServiceItem" => m => Cases.PublishServiceItemAsync(new()
        {
            ItemId = $"acc-{NewId()[..8]}", Name = "社保卡补办", ApprovingUnitId = "unit-tax", Content = "补办", ProcedureSteps = { "收件" },
            LegalBasis = "社会保险法", Materials = { new C.Material { MaterialId = "m-id", Name = "身份证", OriginalRequired = true } },
            CommittedDays = 5, StatutoryDays = 20, ResultForm = "社保卡", FeeBasis = "无", FeeStandard = "不收费",
        }, m).ResponseAsync,
        "cases/GetServiceItem" => m => Cases.GetServiceItemAsync(new() { ItemId = NewId() }, m).ResponseAsync,
        "cases/ListServiceItems" => m => Cases.ListServiceItemsAsync(new(), m).ResponseAsync,
        "cases/TakeTicket" => m => Cases.TakeTicketAsync(new() { RequestId = NewId(), ItemId = NewId() }, m).ResponseAsync,
        "cases/CallNextTicket" => m => Cases.CallNextTicketAsync(new() { WindowId = hall.WindowTax, StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/RecallTicket" => m => Cases.RecallTicketAsync(new() { TicketId = NewId(), StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/MarkNoShow" => m => Cases.MarkNoShowAsync(new() { TicketId = NewId(), StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/StartService" => m => Cases.StartServiceAsync(new() { TicketId = NewId(), StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/FinishService" => m => Cases.FinishServiceAsync(new() { TicketId = NewId(), StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/TransferTicket" => m => Cases.TransferTicketAsync(new() { TicketId = NewId(), StaffId = hall.StaffHr, ToWindowId = hall.WindowHr, Reason = "非本窗口事项" }, m).ResponseAsync,
        "cases/GetTicket" => m => Cases.GetTicketAsync(new() { TicketId = NewId() }, m).ResponseAsync,
        "cases/PauseWindow" => m => Cases.PauseWindowAsync(new() { WindowId = hall.WindowTax, StaffId = hall.StaffHr, Reason = "系统故障" }, m).ResponseAsync,
        "cases/ResumeWindow" => m => Cases.ResumeWindowAsync(new() { WindowId = hall.WindowTax, StaffId = hall.StaffHr }, m).ResponseAsync,
        "cases/GetWindowCallingState" => m => Cases.GetWindowCallingStateAsync(new() { WindowId = hall.WindowTax }, m).ResponseAsync,
        "cases/ReceiveApplication" => m => Cases.ReceiveApplicationAsync(new()
        {
            RequestId = NewId(), ItemId = NewId(), StaffId = hall.StaffTax, SubmittedMaterialIds = { "m-id" },
            Applicant = new C.ApplicantData { Name = "李四", IdNumber = "110101199001011234", Phone = "13800000000" },
        }, m).ResponseAsync,
        "cases/CheckApplication" => m => Cases.CheckApplicationAsync(new() { CaseId = NewId(), StaffId = hall.StaffTax }, m).ResponseAsync,
        "cases/SupplementMaterials" => m => Cases.SupplementMaterialsAsync(new() { CaseId = NewId(), StaffId = hall.StaffTax, MaterialIds = { "m-id" } }, m).ResponseAsync,
        "cases/IssueNotice" => m => Cases.IssueNoticeAsync(new() { CaseId = NewId(), StaffId = hall.StaffTax, MaterialIds = { "m-id" }, Reason = "缺材料" }, m).ResponseAsync,
        "cases/GetNoticeText" => m => Cases.GetNoticeTextAsync(new() { CaseId = NewId(), Sequence = 1 }, m).ResponseAsync,
        "cases/DecideApproval" => m => Cases.DecideApprovalAsync(new() { CaseId = NewId(), UnitId = "unit-tax", Approve = true, Reason = "同意" }, m).ResponseAsync,
        "cases/SendBackForRework" => m => Cases.SendBackForReworkAsync(new() { CaseId = NewId(), UnitId = "unit-tax", Reason = "重新审核" }, m).ResponseAsync,
        "cases/ExtendDeadline" => m => Cases.ExtendDeadlineAsync(new() { CaseId = NewId(), Days = 5, Reason = "需现场核查" }, m).ResponseAsync,
        "cases/AssignAgent" => m => Cases.AssignAgentAsync(new() { CaseId = NewId(), AgentStaffId = hall.StaffTax }, m).ResponseAsync,
        "cases/GetCase" => m => Cases.GetCaseAsync(new() { CaseId = NewId() }, m).ResponseAsync,
        "cases/FindCasesByApplicant" => m => Cases.FindCasesByApplicantAsync(new() { IdNumber = "110101199001011234" }, m).ResponseAsync,
        "cases/GetLedger" => m => Cases.GetLedgerAsync(new() { From = "2026-11-01", To = "2026-11-25" }, m).ResponseAsync,
        "cases/GetWorkLog" => m => Cases.GetWorkLogAsync(new() { StaffId = hall.StaffTax, Date = "2026-11-24" }, m).ResponseAsync,

        "complaints/SubmitComplaint" => m => Complaints.SubmitComplaintAsync(new()
        {
            RequestId = NewId(), Channel = P.Channel.Window, Category = P.ComplaintCategory.Attitude, WindowId = hall.WindowTax,
            Content = "态度生硬", SourceId = $"acc-src-{NewId()[..8]}",
        }, m).ResponseAsync,
        "complaints/StartInvestigation" => m => Complaints.StartInvestigationAsync(new() { ComplaintId = NewId() }, m).ResponseAsync,
        "complaints/AddEvidence" => m => Complaints.AddEvidenceAsync(new() { ComplaintId = NewId(), Note = "调取录像" }, m).ResponseAsync,
        "complaints/DecideComplaint" => m => Complaints.DecideComplaintAsync(new() { ComplaintId = NewId(), Verified = true, Findings = "属实" }, m).ResponseAsync,
        "complaints/ResolveComplaint" => m => Complaints.ResolveComplaintAsync(new() { ComplaintId = NewId(), Reply = "已整改" }, m).ResponseAsync,
        "complaints/GetComplaint" => m => Complaints.GetComplaintAsync(new() { ComplaintId = NewId() }, m).ResponseAsync,
        "complaints/SubmitReview" => m => Complaints.SubmitReviewAsync(new()
            { RequestId = NewId(), TicketId = NewId(), Grade = P.Grade.Satisfied, SourceId = $"acc-src-{NewId()[..8]}" }, m).ResponseAsync,
        "complaints/RecordCallback" => m => Complaints.RecordCallbackAsync(new() { ReviewId = NewId(), Result = "已回访" }, m).ResponseAsync,
        "complaints/CloseRectification" => m => Complaints.CloseRectificationAsync(new() { ReviewId = NewId(), Action = P.RectificationAction.Explained, Outcome = "已说明" }, m).ResponseAsync,
        "complaints/AppealReview" => m => Complaints.AppealReviewAsync(new() { ReviewId = NewId(), Reason = "非本人办理" }, m).ResponseAsync,
        "complaints/DecideAppeal" => m => Complaints.DecideAppealAsync(new() { ReviewId = NewId(), Upheld = true, Reason = "属实" }, m).ResponseAsync,
        "complaints/GetReview" => m => Complaints.GetReviewAsync(new() { ReviewId = NewId() }, m).ResponseAsync,
        "complaints/SubmitSuggestion" => m => Complaints.SubmitSuggestionAsync(new()
            { RequestId = NewId(), Channel = P.Channel.SuggestionBox, Content = "增加座椅", SourceId = $"acc-src-{NewId()[..8]}" }, m).ResponseAsync,
        "complaints/AnswerSuggestion" => m => Complaints.AnswerSuggestionAsync(new() { SuggestionId = NewId(), Answer = "已采纳" }, m).ResponseAsync,
        "complaints/GetQualityFigures" => m => Complaints.GetQualityFiguresAsync(new()
            { From = "2026-11-01", To = "2026-11-25", Scope = P.FigureScope.Unit, SubjectId = "unit-tax" }, m).ResponseAsync,

        "discipline/ListSanctions" => m => Discipline.ListSanctionsAsync(new() { StaffId = hall.StaffTax }, m).ResponseAsync,
        "discipline/GetStanding" => m => Discipline.GetStandingAsync(new() { StaffId = hall.StaffTax, Year = 2026 }, m).ResponseAsync,
        "discipline/ConfirmSanction" => m => Discipline.ConfirmSanctionAsync(new() { SanctionId = NewId() }, m).ResponseAsync,
        "discipline/ListRules" => m => Discipline.ListRulesAsync(new(), m).ResponseAsync,
        "discipline/DraftRule" => m => Discipline.DraftRuleAsync(new()
        {
            RuleId = $"acc-{NewId()[..8]}", Title = "迟到", Article = "R1.8", Counted = { D.FactKind.Late }, CriticismThreshold = 3,
            RevocationThreshold = 5, EffectiveFrom = "2026-12-01", Mode = D.RuleMode.WeeklyCount,
        }, m).ResponseAsync,
        "discipline/ApproveRule" => m => Discipline.ApproveRuleAsync(new() { RuleId = $"acc-{NewId()[..8]}", Version = 1 }, m).ResponseAsync,
        "discipline/RecordInspection" => m => Discipline.RecordInspectionAsync(new()
        {
            InspectionId = NewId(), Kind = D.InspectionKind.DailyPatrol, InspectedAt = Now,
            Findings = { new D.Finding { Category = D.FindingCategory.Games, StaffId = hall.StaffTax, WindowId = hall.WindowTax } },
        }, m).ResponseAsync,
        "discipline/AppealSanction" => m => Discipline.AppealSanctionAsync(new() { SanctionId = NewId(), Reason = "事出有因" }, m).ResponseAsync,
        "discipline/DecideSanctionAppeal" => m => Discipline.DecideSanctionAppealAsync(new() { SanctionId = NewId(), Upheld = false, Reason = "证据充分" }, m).ResponseAsync,
        "discipline/GetStaffFile" => m => Discipline.GetStaffFileAsync(new() { StaffId = hall.StaffTax, Year = 2026 }, m).ResponseAsync,
        "discipline/GetMondayBrief" => m => Discipline.GetMondayBriefAsync(new() { WeekStart = "2026-11-23" }, m).ResponseAsync,
        "discipline/AddRectificationItem" => m => Discipline.AddRectificationItemAsync(new() { UnitId = "unit-tax", Title = "窗口卫生", Owner = hall.StaffTax, DueDate = "2026-12-31" }, m).ResponseAsync,
        "discipline/CloseRectificationItem" => m => Discipline.CloseRectificationItemAsync(new() { ItemId = NewId(), Note = "已整改" }, m).ResponseAsync,
        "discipline/ProposeAwards" => m => Discipline.ProposeAwardsAsync(new() { From = "2026-11-01", To = "2026-11-25", MinimumReviews = 10, MinimumSatisfaction = 0.95 }, m).ResponseAsync,
        "discipline/ConfirmAward" => m => Discipline.ConfirmAwardAsync(new() { ProposalId = NewId() }, m).ResponseAsync,
        "discipline/DeclineSanction" => m => Discipline.DeclineSanctionAsync(new() { SanctionId = NewId(), Reason = "情节轻微" }, m).ResponseAsync,
        "discipline/IssueSanction" => m => Discipline.IssueSanctionAsync(new()
        {
            SanctionId = NewId(), StaffId = hall.StaffTax, Kind = D.SanctionKind.Criticism, RuleVersion = "R1.8/v1",
            EvidenceEventIds = { NewId() }, Reason = "屡次迟到",
        }, m).ResponseAsync,

        "audit/VerifyAuditTrail" => m => Audit.VerifyAuditTrailAsync(new() { Service = "attendance" }, m).ResponseAsync,
        "audit/ListAuditRecords" => m => Audit.ListAuditRecordsAsync(new() { Subject = hall.StaffTax }, m).ResponseAsync,
        _ => throw new InvalidOperationException($"No probe for {key}: add one to AccessMatrixTests."),
    };

    /// <summary>
    /// Scoped cells whose "own" side no probe calls here, with where it is tested instead: each needs a fact of a
    /// judged day or an issued sanction, which the judging tests make.
    /// </summary>
    private static readonly Dictionary<(string Key, string Role), string> OwnTestedElsewhere = new()
    {
        [("attendance/VoidAttendanceFact", Roles.UnitHead)] = "UnitScopeTests, DayCheckJobTests",
        [("attendance/VoidAttendanceFact", Roles.DutyLeader)] = "HallDutyTests, DayCheckJobTests",
        [("discipline/AppealSanction", Roles.Staff)] = "RulebookTests",
    };

    /// <summary>
    /// A call of the RPC that names what is the caller's own — their own id, their window, their unit's leave, case,
    /// complaint — for a caller whose reach is narrower than the hall; null where <see cref="OwnTestedElsewhere"/> says.
    /// </summary>
    private Func<Metadata, Task>? OwnProbe(string key, string role)
    {
        var own = hall.Own;
        var self = role == Roles.Staff;
        var reader = role == Roles.BadgeReader;
        var readerId = hall.ReaderId;
        return key switch
        {
            "attendance/CreateWindow" => m => Attendance.CreateWindowAsync(new() { WindowId = $"acc-{NewId()[..8]}", UnitId = "unit-hr", Name = "新窗口" }, m).ResponseAsync,
            "attendance/RegisterStaff" => m => Attendance.RegisterStaffAsync(new() { StaffId = $"acc-{NewId()[..8]}", DisplayName = "x", UnitId = "unit-hr", WindowId = hall.WindowHr }, m).ResponseAsync,
            "attendance/ClockIn" => m => Attendance.ClockInAsync(new() { PunchId = NewId(), StaffId = hall.StaffHr, PunchedAt = reader ? Now : null, DeviceId = reader ? readerId : "acc-phone" }, m).ResponseAsync,
            "attendance/ClockOut" => m => Attendance.ClockOutAsync(new() { PunchId = NewId(), StaffId = hall.StaffHr, PunchedAt = reader ? Now : null, DeviceId = reader ? readerId : "acc-phone" }, m).ResponseAsync,
            "attendance/SetRoster" => m => Attendance.SetRosterAsync(new() { WindowId = hall.WindowHr, WeekStart = "2026-11-30" }, m).ResponseAsync,
            "attendance/RequestLeave" => m => Attendance.RequestLeaveAsync(new()
            {
                LeaveId = NewId(), StaffId = self ? hall.StaffHr : hall.StaffHr2, Kind = A.LeaveKind.Personal, StartsAt = At(30, 9),
                EndsAt = At(30, 17), SubstituteStaffId = self ? hall.StaffHr2 : hall.StaffHr, Reason = "家中有事",
            }, m).ResponseAsync,
            "attendance/AcceptSubstitution" => m => Attendance.AcceptSubstitutionAsync(new() { LeaveId = self ? own.LeaveStoodInByStaff : own.LeaveOfStaff }, m).ResponseAsync,
            "attendance/ApproveLeave" => m => Attendance.ApproveLeaveAsync(new() { LeaveId = own.LeaveOfStaff }, m).ResponseAsync,
            "attendance/AssignSubstitute" => m => Attendance.AssignSubstituteAsync(new() { LeaveId = own.LeaveOfStaff, SubstituteStaffId = hall.StaffHr2 }, m).ResponseAsync,
            "attendance/RejectLeave" => m => Attendance.RejectLeaveAsync(new() { LeaveId = own.LeaveOfStaff, Reason = "人手不足" }, m).ResponseAsync,
            "attendance/CancelLeave" => m => Attendance.CancelLeaveAsync(new() { LeaveId = self ? own.LeaveOfStaff : own.LeaveStoodInByStaff, Reason = "不去了" }, m).ResponseAsync,
            "attendance/ReportBack" => m => Attendance.ReportBackAsync(new() { LeaveId = self ? own.LeaveOfStaff : own.LeaveStoodInByStaff }, m).ResponseAsync,
            "attendance/GetLeave" => m => Attendance.GetLeaveAsync(new() { LeaveId = own.LeaveOfStaff }, m).ResponseAsync,
            "attendance/RequestGoingOut" => m => Attendance.RequestGoingOutAsync(new() { OutingId = NewId(), StaffId = hall.StaffHr, Minutes = 30, Reason = "送材料" }, m).ResponseAsync,
            "attendance/ApproveGoingOut" => m => Attendance.ApproveGoingOutAsync(new() { OutingId = own.Outing }, m).ResponseAsync,
            "attendance/LeavePost" => m => Attendance.LeavePostAsync(new() { StaffId = hall.StaffHr, At = reader ? Now : null }, m).ResponseAsync,
            "attendance/ReturnToPost" => m => Attendance.ReturnToPostAsync(new() { StaffId = hall.StaffHr, At = reader ? Now : null }, m).ResponseAsync,
            "attendance/RequestWindowClosure" => m => Attendance.RequestWindowClosureAsync(new()
                { ClosureId = NewId(), WindowId = hall.WindowHr, Reason = "设备检修", StartsAt = At(30, 9), EndsAt = At(30, 12) }, m).ResponseAsync,
            "attendance/ApproveWindowClosure" => m => Attendance.ApproveWindowClosureAsync(new() { ClosureId = own.Closure }, m).ResponseAsync,
            "attendance/CloseWindow" => m => Attendance.CloseWindowAsync(new() { WindowId = hall.WindowHr, Reason = "设备故障" }, m).ResponseAsync,
            "attendance/OpenWindow" => m => Attendance.OpenWindowAsync(new() { WindowId = hall.WindowHr }, m).ResponseAsync,
            "attendance/SetWindowServiceItems" => m => Attendance.SetWindowServiceItemsAsync(new() { WindowId = hall.WindowHr, ServiceItemIds = { hall.Item } }, m).ResponseAsync,
            "attendance/RecordPowerOffCheck" => m => Attendance.RecordPowerOffCheckAsync(new() { Date = self ? "2026-11-26" : "2026-11-25", WindowId = hall.WindowHr, PoweredOff = true }, m).ResponseAsync,
            "attendance/WriteDutyRegister" => m => Attendance.WriteDutyRegisterAsync(new() { Date = "2026-11-26", Note = "一切正常" }, m).ResponseAsync,
            "attendance/GetWeeklyAttendanceSummary" => m => Attendance.GetWeeklyAttendanceSummaryAsync(new() { WeekStart = "2026-11-23", UnitId = "unit-hr" }, m).ResponseAsync,
            "attendance/ListAttendanceFacts" => m => Attendance.ListAttendanceFactsAsync(new() { Date = "2026-11-24", StaffId = hall.StaffHr }, m).ResponseAsync,
            "attendance/FileCorrection" => m => Attendance.FileCorrectionAsync(new()
            {
                CorrectionId = NewId(), StaffId = hall.StaffHr, WorkDate = "2026-11-24", Kind = A.CorrectionKind.AddClockOut,
                At = At(24, 17), Reason = "忘记打卡",
            }, m).ResponseAsync,
            "attendance/DecideCorrection" => m => Attendance.DecideCorrectionAsync(new() { CorrectionId = own.Correction, Approve = true, Reason = "属实" }, m).ResponseAsync,
            "attendance/ListCorrections" => m => Attendance.ListCorrectionsAsync(new() { Date = "2026-11-24", StaffId = hall.StaffHr }, m).ResponseAsync,

            "cases/CallNextTicket" => m => Cases.CallNextTicketAsync(new() { WindowId = hall.WindowHr, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/RecallTicket" => m => Cases.RecallTicketAsync(new() { TicketId = own.CalledTicket, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/MarkNoShow" => m => Cases.MarkNoShowAsync(new() { TicketId = own.CalledTicket, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/StartService" => m => Cases.StartServiceAsync(new() { TicketId = own.CalledTicket, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/FinishService" => m => Cases.FinishServiceAsync(new() { TicketId = own.CalledTicket, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/TransferTicket" => m => Cases.TransferTicketAsync(new() { TicketId = own.CalledTicket, StaffId = hall.StaffHr, ToWindowId = hall.WindowHr2, Reason = "非本窗口事项" }, m).ResponseAsync,
            "cases/PauseWindow" => m => Cases.PauseWindowAsync(new() { WindowId = hall.WindowHr, StaffId = hall.StaffHr, Reason = "系统故障" }, m).ResponseAsync,
            "cases/ResumeWindow" => m => Cases.ResumeWindowAsync(new() { WindowId = hall.WindowHr, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/ReceiveApplication" => m => Cases.ReceiveApplicationAsync(new()
            {
                RequestId = NewId(), ItemId = hall.Item, StaffId = hall.StaffHr, SubmittedMaterialIds = { "m-id" },
                Applicant = new C.ApplicantData { Name = "王五", IdNumber = "110101199001011234", Phone = "13800000001" },
            }, m).ResponseAsync,
            "cases/CheckApplication" => m => Cases.CheckApplicationAsync(new() { CaseId = own.Case, StaffId = hall.StaffHr }, m).ResponseAsync,
            "cases/SupplementMaterials" => m => Cases.SupplementMaterialsAsync(new() { CaseId = own.Case, StaffId = hall.StaffHr, MaterialIds = { "m-id" } }, m).ResponseAsync,
            "cases/IssueNotice" => m => Cases.IssueNoticeAsync(new() { CaseId = own.Case, StaffId = hall.StaffHr, MaterialIds = { "m-id" }, Reason = "缺材料" }, m).ResponseAsync,
            "cases/DecideApproval" => m => Cases.DecideApprovalAsync(new() { CaseId = own.Case, UnitId = "unit-hr", Approve = true, Reason = "同意" }, m).ResponseAsync,
            "cases/SendBackForRework" => m => Cases.SendBackForReworkAsync(new() { CaseId = own.Case, UnitId = "unit-hr", Reason = "重新审核" }, m).ResponseAsync,
            "cases/ExtendDeadline" => m => Cases.ExtendDeadlineAsync(new() { CaseId = own.Case, Days = 1, Reason = "需现场核查" }, m).ResponseAsync,
            "cases/AssignAgent" => m => Cases.AssignAgentAsync(new() { CaseId = own.Case, AgentStaffId = hall.StaffHr2 }, m).ResponseAsync,
            "cases/GetWorkLog" => m => Cases.GetWorkLogAsync(new() { StaffId = hall.StaffHr, Date = "2026-11-25" }, m).ResponseAsync,

            "complaints/StartInvestigation" => m => Complaints.StartInvestigationAsync(new() { ComplaintId = own.Complaint }, m).ResponseAsync,
            "complaints/AddEvidence" => m => Complaints.AddEvidenceAsync(new() { ComplaintId = own.Complaint, Note = "调取录像" }, m).ResponseAsync,
            "complaints/DecideComplaint" => m => Complaints.DecideComplaintAsync(new() { ComplaintId = own.Complaint, Verified = false, Findings = "不属实" }, m).ResponseAsync,
            "complaints/ResolveComplaint" => m => Complaints.ResolveComplaintAsync(new() { ComplaintId = own.Complaint, Reply = "已说明" }, m).ResponseAsync,
            "complaints/GetComplaint" => m => Complaints.GetComplaintAsync(new() { ComplaintId = own.Complaint }, m).ResponseAsync,
            "complaints/RecordCallback" => m => Complaints.RecordCallbackAsync(new() { ReviewId = own.Review, Result = "已回访" }, m).ResponseAsync,
            "complaints/CloseRectification" => m => Complaints.CloseRectificationAsync(new() { ReviewId = own.Review, Action = P.RectificationAction.Explained, Outcome = "已说明" }, m).ResponseAsync,
            "complaints/AppealReview" => m => Complaints.AppealReviewAsync(new() { ReviewId = own.Review, Reason = "非本人办理" }, m).ResponseAsync,
            "complaints/GetReview" => m => Complaints.GetReviewAsync(new() { ReviewId = own.Review }, m).ResponseAsync,

            "discipline/ListSanctions" => m => Discipline.ListSanctionsAsync(new() { StaffId = hall.StaffHr }, m).ResponseAsync,
            "discipline/GetStanding" => m => Discipline.GetStandingAsync(new() { StaffId = hall.StaffHr, Year = 2026 }, m).ResponseAsync,
            "discipline/GetStaffFile" => m => Discipline.GetStaffFileAsync(new() { StaffId = hall.StaffHr, Year = 2026 }, m).ResponseAsync,
            "discipline/CloseRectificationItem" => m => Discipline.CloseRectificationItemAsync(new() { ItemId = own.RectificationItem, Note = "已整改" }, m).ResponseAsync,
            _ => null,
        };
    }

    private async Task WatchAsync(Metadata caller)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = Attendance.WatchWindows(new A.WatchWindowsRequest(), caller, cancellationToken: cancel.Token);
        await call.ResponseStream.MoveNext(cancel.Token);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Every_caller_gets_what_the_matrix_says(string key)
    {
        var rpc = AccessMatrix.Rpcs.Single(r => r.Key == key);
        var probe = Probe(key);
        var wrong = new List<string>();

        var anonymous = await AccessFixture.CodeOf(() => probe(new Metadata()));
        if (anonymous != StatusCode.Unauthenticated)
            wrong.Add($"no token: {anonymous}, expected Unauthenticated");
        var unknown = await AccessFixture.CodeOf(() => probe(TestAuth.Bearer("acc-visitor", "visitor")));
        if (unknown != StatusCode.PermissionDenied)
            wrong.Add($"no known role: {unknown}, expected PermissionDenied");

        foreach (var role in AccessMatrix.Columns)
        {
            var code = await AccessFixture.CodeOf(() => probe(hall.Callers[role]));
            var hallWide = rpc.Allowed.TryGetValue(role, out var reach) && reach == Reach.Hall;
            if (hallWide && code is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                wrong.Add($"{role} (hall-wide): {code}, expected past the access check");
            else if (!hallWide && code != StatusCode.PermissionDenied)
                wrong.Add($"{role} ({(rpc.Allowed.ContainsKey(role) ? reach.ToString() : "refused")}): {code}, expected PermissionDenied");
        }

        // The other side of each scoped cell: the caller's own object gets past the access check.
        foreach (var (role, reach) in rpc.Allowed.Where(a => a.Value != Reach.Hall))
        {
            if (OwnTestedElsewhere.ContainsKey((key, role)))
                continue;
            if (OwnProbe(key, role) is not { } own)
            {
                wrong.Add($"{role} ({reach}): no probe of the caller's own object (add one, or say where it is tested)");
                continue;
            }

            var code = await AccessFixture.CodeOf(() => own(hall.Callers[role]));
            if (code is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument)
                wrong.Add($"{role} ({reach}) on its own: {code}, expected past the access check");
        }

        Assert.True(wrong.Count == 0, $"{key}:\n" + string.Join("\n", wrong));
    }
}
