using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The catalogue and calling over gRPC: versioned items with the nine disclosures; tickets called by the items a
/// window offers (announced by attendance over the bus), transferred with the responsible contact kept, finished with
/// wait and service time.
/// </summary>
public sealed class TicketTests(VisitFixture visit) : IClassFixture<VisitFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Kiosk = TestAuth.Bearer("kiosk-1", Roles.System);

    private CasesService.CasesServiceClient Cases => new(visit.Cases.Channel);

    private AttendanceService.AttendanceServiceClient Attendance => new(visit.Attendance.Channel);

    internal static PublishServiceItemRequest Item(string itemId, params string[] materials) => new()
    {
        ItemId = itemId, Name = "个体工商户设立登记", ApprovingUnitId = "unit-amr", Content = "个体工商户的设立登记",
        ProcedureSteps = { "申请", "受理", "审查", "决定", "送达" }, LegalBasis = "《促进个体工商户发展条例》第九条",
        Materials = { materials.Select(m => new ServiceHall.Cases.V1.Material { MaterialId = m, Name = "材料 " + m }) },
        CommittedDays = 3, StatutoryDays = 15, ResultForm = "营业执照",
    };

    /// <summary>A window offering the items, known to the cases service once attendance has announced it.</summary>
    /// <summary>Registers window staff at a window and waits for cases' copy of the registry to have them.</summary>
    private async Task RegisterAtAsync(string staffId, string windowId, string unitId = "u1")
    {
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staffId, DisplayName = staffId, UnitId = unitId, WindowId = windowId }, Office);
        await Eventually.Until(() => Sql.CountAsync(visit.Infra.ConnectionStringOf("cases"),
            """SELECT count(*) FROM registered_staff WHERE "StaffId" = $1""", staffId), n => n == 1,
            TimeSpan.FromSeconds(30), $"cases to learn staff member {staffId}");
    }

    private Task<string> WindowAsync(string id, params string[] items) => WindowInAsync("u1", id, items);

    private async Task<string> WindowInAsync(string unit, string id, params string[] items)
    {
        await Attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = id, UnitId = unit, Name = "综合 " + id, ServiceItemIds = { items } }, Office);
        await Eventually.Until(async () =>
        {
            try
            {
                return (await Cases.GetWindowCallingStateAsync(new GetWindowCallingStateRequest { WindowId = id }, Office)).ServiceItemIds.Count;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return -1;
            }
        }, n => n == items.Length, TimeSpan.FromSeconds(30), $"cases to learn window {id}");
        return id;
    }

    private Task<ServiceHall.Cases.V1.Ticket> TakeAsync(string item) =>
        Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = item }, Kiosk).ResponseAsync;

    private static TicketActionRequest Act(ServiceHall.Cases.V1.Ticket ticket, string staff) =>
        new() { TicketId = ticket.TicketId, StaffId = staff };

    private static Metadata WithRequestId(Metadata headers, string requestId)
    {
        var copy = new Metadata();
        foreach (var entry in headers)
            copy.Add(entry);
        copy.Add("request-id", requestId);
        return copy;
    }

    [Fact]
    public async Task A_call_sent_again_with_its_request_id_answers_as_the_first_time_and_acts_once()
    {
        var item = "item-" + Guid.NewGuid().ToString("N")[..8];
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var window = await WindowAsync("w-rid-" + Guid.NewGuid().ToString("N")[..6], item);
        var first = await TakeAsync(item);
        var second = await TakeAsync(item);
        var callId = WithRequestId(Kiosk, "call-" + Guid.NewGuid());
        var request = new CallNextTicketRequest { WindowId = window, StaffId = "s-rid" };

        var called = await Cases.CallNextTicketAsync(request, callId);
        var calledAgain = await Cases.CallNextTicketAsync(request, callId); // the answer was lost: sent again
        var withoutId = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(request, Kiosk).ResponseAsync);
        var startId = WithRequestId(Kiosk, "start-" + Guid.NewGuid());
        var started = await Cases.StartServiceAsync(Act(called.Ticket, "s-rid"), startId);
        var startedAgain = await Cases.StartServiceAsync(Act(called.Ticket, "s-rid"), startId);
        var otherRequest = await Assert.ThrowsAsync<RpcException>(() =>
            Cases.StartServiceAsync(Act(second, "s-rid"), startId).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() =>
            Cases.StartServiceAsync(Act(called.Ticket, "s-rid"), WithRequestId(Kiosk, new string('x', 101))).ResponseAsync);
        var stillWaiting = await Cases.GetTicketAsync(new GetTicketRequest { TicketId = second.TicketId }, Kiosk);

        Assert.Equal(first.TicketId, called.Ticket.TicketId);
        Assert.Equal(called, calledAgain); // the same ticket, not the next one
        Assert.Equal(1, called.Waiting);
        Assert.Equal(StatusCode.FailedPrecondition, withoutId.StatusCode); // a new call: the window has a ticket open
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.Serving, started.Status);
        Assert.Equal(started, startedAgain);
        Assert.Equal(StatusCode.AlreadyExists, otherRequest.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.Waiting, stillWaiting.Status);
    }

    [Fact]
    public async Task Answers_to_request_ids_are_forgotten_after_the_retention_and_kept_before()
    {
        var item = "item-" + Guid.NewGuid().ToString("N")[..8];
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var window = await WindowAsync("w-ret-" + Guid.NewGuid().ToString("N")[..6], item);
        await TakeAsync(item);
        var oldId = "old-" + Guid.NewGuid();
        var newId = "new-" + Guid.NewGuid();
        var called = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = window, StaffId = "s-ret" },
            WithRequestId(Kiosk, oldId));
        await Cases.StartServiceAsync(Act(called.Ticket, "s-ret"), WithRequestId(Kiosk, newId));
        var database = visit.Infra.ConnectionStringOf("cases");
        await Sql.ExecuteAsync(database,
            """UPDATE client_requests SET "CreatedAt" = "CreatedAt" - interval '31 days' WHERE "RequestId" = $1""", oldId);

        await using var scope = visit.Cases.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceHall.Cases.Data.CasesDbContext>();
        var forgotten = await ServiceHall.ServiceDefaults.Data.ClientRequestRetention.ForgetAsync(
            db, visit.Time.GetUtcNow() - TimeSpan.FromDays(30), TestContext.Current.CancellationToken);

        Assert.True(forgotten >= 1);
        Assert.Equal(0, await Sql.CountAsync(database, """SELECT count(*) FROM client_requests WHERE "RequestId" = $1""", oldId));
        Assert.Equal(1, await Sql.CountAsync(database, """SELECT count(*) FROM client_requests WHERE "RequestId" = $1""", newId));
    }

    [Fact]
    public async Task A_committed_limit_beyond_one_week_is_published_only_with_its_reason_and_shows_as_such()
    {
        var id = "item-" + Guid.NewGuid().ToString("N")[..8];
        var slow = Item(id, "m-id");
        slow.CommittedDays = 10;
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cases.PublishServiceItemAsync(slow, Office).ResponseAsync);
        var nothing = await Assert.ThrowsAsync<RpcException>(() =>
            Cases.GetServiceItemAsync(new GetServiceItemRequest { ItemId = id }, Kiosk).ResponseAsync);
        slow.BeyondOneWeekReason = "需实地核查经营场所";
        var published = await Cases.PublishServiceItemAsync(slow, Office);
        var week = Item(id, "m-id");
        week.CommittedDays = 5;
        week.BeyondOneWeekReason = "多余的理由";
        var reasonForNothing = await Assert.ThrowsAsync<RpcException>(() => Cases.PublishServiceItemAsync(week, Office).ResponseAsync);
        week.BeyondOneWeekReason = "";
        var inAWeek = await Cases.PublishServiceItemAsync(week, Office);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("R1.3b(四)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, nothing.StatusCode); // nothing was published
        Assert.Equal((1, true, "需实地核查经营场所"), (published.Version, published.BeyondOneWeek, published.BeyondOneWeekReason));
        Assert.Equal(StatusCode.InvalidArgument, reasonForNothing.StatusCode);
        Assert.Contains("beyond_one_week_reason", reasonForNothing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((2, false, ""), (inAWeek.Version, inAWeek.BeyondOneWeek, inAWeek.BeyondOneWeekReason));
    }

    [Fact]
    public async Task Items_are_versioned_and_a_bad_disclosure_is_refused_with_its_field()
    {
        var id = "item-" + Guid.NewGuid().ToString("N")[..8];
        var first = await Cases.PublishServiceItemAsync(Item(id, "m-id", "m-form"), Office);
        var second = await Cases.PublishServiceItemAsync(Item(id, "m-id", "m-form", "m-lease"), TestAuth.Bearer("b", Roles.BureauLeader));
        var latest = await Cases.GetServiceItemAsync(new GetServiceItemRequest { ItemId = id }, Kiosk);
        var old = await Cases.GetServiceItemAsync(new GetServiceItemRequest { ItemId = id, Version = 1 }, Kiosk);
        var list = await Cases.ListServiceItemsAsync(new ListServiceItemsRequest(), Kiosk);
        var bad = Item(id, "m-id");
        bad.StatutoryDays = 2;
        var inconsistent = await Assert.ThrowsAsync<RpcException>(() => Cases.PublishServiceItemAsync(bad, Office).ResponseAsync);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() =>
            Cases.PublishServiceItemAsync(Item(id, "m-id"), TestAuth.Bearer("s", Roles.Staff)).ResponseAsync);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() =>
            Cases.GetServiceItemAsync(new GetServiceItemRequest { ItemId = id, Version = 9 }, Kiosk).ResponseAsync);

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal(3, latest.Materials.Count);
        Assert.Equal(2, old.Materials.Count);
        Assert.Equal(("office-1", "营业执照", 3, 15), (old.PublishedBy, old.ResultForm, old.CommittedDays, old.StatutoryDays));
        Assert.Equal(2, Assert.Single(list.Items, i => i.ItemId == id).Version);
        Assert.Equal(StatusCode.InvalidArgument, inconsistent.StatusCode);
        Assert.Contains("statutory_days", inconsistent.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
        Assert.Equal(StatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task Staff_serve_at_their_own_window_or_their_units_and_another_units_window_is_refused_with_nothing_changed()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var item = $"it-{id}";
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var (mine, neighbour, other) = (await WindowInAsync("u1", $"wm-{id}", item),
            await WindowInAsync("u1", $"wn-{id}", item), await WindowInAsync("u", $"wo-{id}", item));
        var (ma, stranger) = ($"ma-{id}", $"zz-{id}");
        await RegisterAtAsync(ma, mine);
        var staff = TestAuth.Bearer(ma, Roles.Staff);
        var first = await TakeAsync(item);

        var atOther = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = other, StaffId = ma }, staff).ResponseAsync);
        var pauseOther = await Assert.ThrowsAsync<RpcException>(() => Cases.PauseWindowAsync(
            new PauseWindowRequest { WindowId = other, StaffId = ma, Reason = "系统故障" }, staff).ResponseAsync);
        var unregistered = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = mine, StaffId = stranger }, TestAuth.Bearer(stranger, Roles.Staff)).ResponseAsync);
        var stillWaiting = await Cases.GetTicketAsync(new GetTicketRequest { TicketId = first.TicketId }, Office);
        var otherState = await Cases.GetWindowCallingStateAsync(new GetWindowCallingStateRequest { WindowId = other }, Office);
        // A window of their unit (standing in for a partner) is theirs to serve.
        var atNeighbour = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = neighbour, StaffId = ma }, staff);
        // The ticket the neighbour window called: another unit's window may not start it, their own may.
        var second = await TakeAsync(item);
        var calledAtOther = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = other, StaffId = "sys" }, Kiosk);
        var startOthers = await Assert.ThrowsAsync<RpcException>(() => Cases.StartServiceAsync(Act(calledAtOther.Ticket, ma), staff).ResponseAsync);
        var started = await Cases.StartServiceAsync(Act(atNeighbour.Ticket, ma), staff);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied),
            (atOther.StatusCode, pauseOther.StatusCode, unregistered.StatusCode));
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.Waiting, stillWaiting.Status);
        Assert.False(otherState.Paused);
        Assert.Equal(first.TicketId, atNeighbour.Ticket.TicketId);
        Assert.Equal(second.TicketId, calledAtOther.Ticket.TicketId);
        Assert.Equal(StatusCode.PermissionDenied, startOthers.StatusCode);
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.Serving, started.Status);
    }

    [Fact]
    public async Task A_visit_is_called_transferred_and_finished_with_the_first_server_responsible()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (licence, tax) = ($"lic-{id}", $"tax-{id}");
        await Cases.PublishServiceItemAsync(Item(licence, "m-id"), Office);
        await Cases.PublishServiceItemAsync(Item(tax, "m-id"), Office);
        var (wa, wb) = (await WindowAsync($"wa-{id}", licence), await WindowAsync($"wb-{id}", tax));
        var (anna, bo) = ($"anna-{id}", $"bo-{id}");
        await RegisterAtAsync(anna, wa);

        var x1 = await TakeAsync(licence);
        var again = await Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = "same-" + id, ItemId = tax }, Kiosk);
        var y1 = await Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = "same-" + id, ItemId = tax }, Kiosk);
        visit.Time.Advance(TimeSpan.FromMinutes(1));
        var x2 = await TakeAsync(licence);
        visit.Time.Advance(TimeSpan.FromMinutes(4));

        var called = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wa, StaffId = anna }, TestAuth.Bearer(anna, Roles.Staff));
        var busy = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = wa, StaffId = anna }, Kiosk).ResponseAsync);
        var recalled = await Cases.RecallTicketAsync(Act(x1, anna), Kiosk);
        var started = await Cases.StartServiceAsync(Act(x1, anna), Kiosk);
        visit.Time.Advance(TimeSpan.FromMinutes(3));
        var transferred = await Cases.TransferTicketAsync(new TransferTicketRequest
            { TicketId = x1.TicketId, StaffId = anna, ToWindowId = wb, Reason = "需税务窗口核定" }, Kiosk);
        // Window B calls the transferred ticket before its own older ticket.
        var atB = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wb, StaffId = bo }, Kiosk);
        await Cases.StartServiceAsync(Act(x1, bo), Kiosk);
        visit.Time.Advance(TimeSpan.FromMinutes(2));
        var finished = await Cases.FinishServiceAsync(Act(x1, bo), Kiosk);
        var nextAtA = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wa, StaffId = anna }, Kiosk);
        var noShow = await Cases.MarkNoShowAsync(Act(x2, anna), Kiosk);
        var empty = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wa, StaffId = anna }, Kiosk);
        var notServing = await Assert.ThrowsAsync<RpcException>(() => Cases.FinishServiceAsync(Act(x2, anna), Kiosk).ResponseAsync);
        var asSomeoneElse = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = wb, StaffId = bo }, TestAuth.Bearer(anna, Roles.Staff)).ResponseAsync);

        Assert.Equal(y1.TicketId, again.TicketId); // the same request id: the same ticket
        Assert.Equal(x1.TicketId, called.Ticket.TicketId);
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.Called, called.Ticket.Status);
        Assert.Equal(StatusCode.FailedPrecondition, busy.StatusCode);
        Assert.Equal(2, recalled.CallCount);
        Assert.Equal((anna, 300), (started.ResponsibleStaffId, started.WaitSeconds));
        Assert.Equal((ServiceHall.Cases.V1.TicketStatus.Waiting, wb, "需税务窗口核定"), (transferred.Status, transferred.TransferredToWindowId, transferred.TransferReason));
        Assert.Equal(x1.TicketId, atB.Ticket.TicketId);
        Assert.Equal(1, atB.Waiting); // y1 still waits for window B
        Assert.Equal((ServiceHall.Cases.V1.TicketStatus.Finished, anna, bo), (finished.Status, finished.ResponsibleStaffId, finished.StaffId));
        Assert.Equal((300, 300), (finished.WaitSeconds, finished.ServiceSeconds)); // 3 minutes at A, 2 at B
        Assert.Equal(x2.TicketId, nextAtA.Ticket.TicketId);
        Assert.Equal(ServiceHall.Cases.V1.TicketStatus.NoShow, noShow.Status);
        Assert.Null(empty.Ticket);
        Assert.Equal(StatusCode.FailedPrecondition, notServing.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, asSomeoneElse.StatusCode);
        Assert.NotEqual(x1.Number, x2.Number);
    }

    [Fact]
    public async Task A_paused_window_calls_nobody_until_it_resumes()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var item = $"item-{id}";
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var window = await WindowAsync($"w-{id}", item);
        var ticket = await TakeAsync(item);

        var paused = await Cases.PauseWindowAsync(new PauseWindowRequest { WindowId = window, StaffId = "s", Reason = "系统故障" }, Kiosk);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = window, StaffId = "s" }, Kiosk).ResponseAsync);
        var resumed = await Cases.ResumeWindowAsync(new ResumeWindowRequest { WindowId = window, StaffId = "s" }, Kiosk);
        var called = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = window, StaffId = "s" }, Kiosk);

        Assert.Equal((true, "系统故障"), (paused.Paused, paused.PausedReason));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("系统故障", refused.Status.Detail);
        Assert.False(resumed.Paused);
        Assert.Equal(ticket.TicketId, called.Ticket.TicketId);
    }

    [Fact]
    public async Task Windows_calling_at_the_same_moment_never_call_the_same_ticket()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var item = $"item-{id}";
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var windows = new List<string>();
        for (var i = 0; i < 4; i++)
            windows.Add(await WindowAsync($"w{i}-{id}", item));
        var taken = new List<string>();
        for (var i = 0; i < 12; i++)
            taken.Add((await TakeAsync(item)).TicketId);

        var calls = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(windows.Select(w => Cases.CallNextTicketAsync(
                new CallNextTicketRequest { WindowId = w, StaffId = "s-" + w }, Kiosk).ResponseAsync));
            calls.AddRange(answers.Select(a => a.Ticket.TicketId));
            await Task.WhenAll(answers.Select(a => Cases.MarkNoShowAsync(Act(a.Ticket, a.Ticket.StaffId), Kiosk).ResponseAsync));
        }

        Assert.Equal(12, calls.Count);
        Assert.Equal(taken.Order(), calls.Order());
    }

    [Fact]
    public async Task The_work_log_adds_up_a_staff_members_services_and_cases_of_the_day()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var item = $"item-{id}";
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var (wa, wb) = (await WindowAsync($"wa-{id}", item), await WindowAsync($"wb-{id}", item));
        var (hui, jin) = ($"hui-{id}", $"jin-{id}");
        var first = await TakeAsync(item);
        var second = await TakeAsync(item);

        await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wa, StaffId = hui }, Kiosk);
        await Cases.StartServiceAsync(Act(first, hui), Kiosk);
        visit.Time.Advance(TimeSpan.FromMinutes(4));
        await Cases.TransferTicketAsync(new TransferTicketRequest { TicketId = first.TicketId, StaffId = hui, ToWindowId = wb, Reason = "另窗办理" }, Kiosk);
        await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = wa, StaffId = hui }, Kiosk);
        await Cases.StartServiceAsync(Act(second, hui), Kiosk);
        var received = await Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, TicketId = second.TicketId, StaffId = hui,
            Applicant = new ApplicantData { Name = "赵六", IdNumber = "110101198001011111" }, SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer(hui, Roles.Staff));
        visit.Time.Advance(TimeSpan.FromMinutes(6));
        await Cases.FinishServiceAsync(Act(second, hui), Kiosk);
        var log = await Cases.GetWorkLogAsync(new GetWorkLogRequest { StaffId = hui, Date = "2026-11-25" }, TestAuth.Bearer(hui, Roles.Staff));
        var othersLog = await Assert.ThrowsAsync<RpcException>(() => Cases.GetWorkLogAsync(
            new GetWorkLogRequest { StaffId = jin, Date = "2026-11-25" }, TestAuth.Bearer(hui, Roles.Staff)).ResponseAsync);

        Assert.Equal(2, log.ServicesCount);
        Assert.Equal([(first.Number, "transferred", 240), (second.Number, "finished", 360)],
            log.Services.Select(s => (s.TicketNumber, s.Outcome, s.Seconds)));
        Assert.Equal(600, log.ServiceSeconds);
        Assert.Equal([received.CaseNumber], log.CasesReceived);
        Assert.Equal(hui, received.ResponsibleStaffId);
        Assert.Equal(StatusCode.PermissionDenied, othersLog.StatusCode);
    }

    [Fact]
    public async Task A_visit_from_ticket_to_acceptance_is_one_trace_and_its_events_carry_it()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ServiceHall.Domain",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var id = Guid.NewGuid().ToString("N")[..8];
        var item = $"item-{id}";
        await Cases.PublishServiceItemAsync(Item(item, "m-id"), Office);
        var window = await WindowAsync($"w-{id}", item);
        var staff = $"kai-{id}";

        var ticket = await TakeAsync(item);
        await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = window, StaffId = staff }, Kiosk);
        await Cases.StartServiceAsync(Act(ticket, staff), Kiosk);
        var accepted = await Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, TicketId = ticket.TicketId, StaffId = staff,
            Applicant = new ApplicantData { Name = "钱七", IdNumber = "110101197001012222" }, SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer(staff, Roles.Staff));
        await Cases.FinishServiceAsync(Act(ticket, staff), Kiosk);

        var db = visit.Infra.ConnectionStringOf("cases");
        var traceParent = await Sql.TextAsync(db, """SELECT "TraceParent" FROM tickets WHERE "TicketId" = $1""", ticket.TicketId);
        Assert.NotNull(traceParent);
        var traceId = traceParent.Split('-')[1];
        List<Activity> visitSpans;
        lock (spans)
        {
            visitSpans = spans.Where(a => Equals(a.GetTagItem("servicehall.ticket_id"), ticket.TicketId) ||
                                          a.DisplayName == "application received" && a.TraceId.ToHexString() == traceId).ToList();
        }
        Assert.Equal(["ticket called", "ticket started", "application received", "ticket finished"],
            visitSpans.OrderBy(a => a.StartTimeUtc).Select(a => a.DisplayName));
        Assert.All(visitSpans, a => Assert.Equal(traceId, a.TraceId.ToHexString()));
        Assert.All(visitSpans, a => Assert.NotEmpty(a.Links)); // each linked to the request that made it
        foreach (var type in new[] { "cases.TicketCalled", "cases.ServiceStarted", "cases.ServiceFinished" })
        {
            Assert.Equal(1, await Sql.CountAsync(db,
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2 AND "TraceParent" LIKE $3""",
                type, $"%{ticket.TicketId}%", $"%{traceId}%"));
        }
        Assert.Equal(1, await Sql.CountAsync(db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'cases.CaseAccepted' AND "Payload" LIKE $1 AND "TraceParent" LIKE $2""",
            $"%{accepted.CaseId}%", $"%{traceId}%"));
    }
}
