using System.Diagnostics;
using Grpc.Core;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// IntakeDesk over gRPC: the one-time notice, acceptance with a case number and clocks, parallel approval with rework,
/// the time limit's extension, suspension and escalation, deemed acceptance (art. 32), and the applicant's data kept
/// encrypted, masked and out of logs and spans.
/// </summary>
public sealed class IntakeTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    // The head of unit-amr, the items' approving unit (IntakeFixture announces the registry).
    private static readonly Metadata UnitHead = TestAuth.Bearer("head-1", Roles.UnitHead);

    private static Metadata HeadOf(string unit) => unit == "unit-amr" ? UnitHead : TestAuth.Bearer($"head-{unit}", Roles.UnitHead);
    private static readonly Metadata Platform = TestAuth.Bearer("platform", Roles.System);

    private CasesService.CasesServiceClient Cases => new(fixture.Cases.Channel);

    private static string NewIdNumber() =>
        "110101" + Random.Shared.NextInt64(100_000_000_000L, 999_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> ItemAsync(string[] materials, params string[] parallelUnits)
    {
        var item = TicketTests.Item("item-" + Guid.NewGuid().ToString("N")[..8], materials);
        item.CommittedDays = 5;
        item.ParallelUnitIds.AddRange(parallelUnits);
        return (await Cases.PublishServiceItemAsync(item, Office)).ItemId;
    }

    private Task<Case> ReceiveAsync(string item, string staff, string idNumber, bool checkLater = false, params string[] materials) =>
        Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, StaffId = staff,
            Applicant = new ApplicantData { Name = "王小明", IdNumber = idNumber, Phone = "13812345678" },
            SubmittedMaterialIds = { materials }, CheckLater = checkLater,
        }, TestAuth.Bearer(staff, Roles.Staff)).ResponseAsync;

    private Task<long> EventsAsync(string type, string caseId) => Sql.CountAsync(fixture.Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2""", type, $"%{caseId}%");

    [Fact]
    public async Task A_material_the_item_does_not_list_is_refused_on_receipt_supplement_and_notice_with_nothing_recorded()
    {
        var item = await ItemAsync(["m-id", "m-form"]);
        var staff = TestAuth.Bearer("anna", Roles.Staff);
        var idNumber = NewIdNumber();

        var unlisted = await Assert.ThrowsAsync<RpcException>(() => ReceiveAsync(item, "anna", idNumber, false, "m-id", "m-bribe"));
        var found = await Cases.FindCasesByApplicantAsync(new FindCasesByApplicantRequest { IdNumber = idNumber }, Office);
        var received = await ReceiveAsync(item, "anna", idNumber, false, "m-id");
        var supplement = await Assert.ThrowsAsync<RpcException>(() => Cases.SupplementMaterialsAsync(new SupplementMaterialsRequest
            { CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-form", "m-other" } }, staff).ResponseAsync);
        var notice = await Assert.ThrowsAsync<RpcException>(() => Cases.IssueNoticeAsync(new IssueNoticeRequest
            { CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-other" }, Reason = "补充" }, staff).ResponseAsync);
        var after = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, Office);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument),
            (unlisted.StatusCode, supplement.StatusCode, notice.StatusCode));
        Assert.Contains("submitted_material_ids", unlisted.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("m-bribe", unlisted.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("material_ids", supplement.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(found.Cases); // the refused application left no case
        Assert.Equal(CaseStatus.NoticeIssued, after.Status); // still waiting for m-form: the refused supplement added nothing
    }

    [Fact]
    public async Task Three_missing_of_five_get_one_notice_naming_them_and_a_later_notice_for_an_original_one_is_refused()
    {
        var item = await ItemAsync(["m-id", "m-form", "m-photo", "m-lease", "m-cert"]);
        var staff = TestAuth.Bearer("anna", Roles.Staff);

        var received = await ReceiveAsync(item, "anna", NewIdNumber(), false, "m-id", "m-form");
        var text = await Cases.GetNoticeTextAsync(new GetNoticeTextRequest { CaseId = received.CaseId, Sequence = 1 }, staff);
        var supplemented = await Cases.SupplementMaterialsAsync(new SupplementMaterialsRequest
            { CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-photo", "m-lease", "m-cert" } }, staff);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cases.IssueNoticeAsync(new IssueNoticeRequest
            { CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-photo", "m-form" }, Reason = "复印件不清晰" }, staff).ResponseAsync);
        var reasked = await Cases.IssueNoticeAsync(new IssueNoticeRequest
            { CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-photo" }, Reason = "照片不合规格" }, staff);
        var overridden = await Cases.IssueNoticeAsync(new IssueNoticeRequest
        {
            CaseId = received.CaseId, StaffId = "anna", MaterialIds = { "m-form" }, Reason = "表格版本过期",
            OverrideReason = "上级新规当日生效",
        }, staff);

        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.NoticeIssued, received.Status);
        var first = Assert.Single(received.Notices);
        Assert.Equal(["m-photo", "m-lease", "m-cert"], first.MaterialIds);
        Assert.Contains("材料 m-lease", text.Text);
        Assert.DoesNotContain("材料 m-form", text.Text);
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, supplemented.Status);
        Assert.Matches(@"^SH\d{8}-\d{4}$", supplemented.CaseNumber); // the hall date of acceptance (the fixture clock only moves on)
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("m-form", refused.Status.Detail);
        Assert.DoesNotContain("m-photo,", refused.Status.Detail);
        Assert.Equal(ClockState.Suspended, reasked.Clock.State); // 补正 after acceptance stops the clock
        Assert.Equal(3, overridden.Notices.Count);
        Assert.Equal(["m-form"], overridden.Notices[2].Violations);
        Assert.Equal(1, await EventsAsync("cases.OneTimeNoticeViolated", received.CaseId));
        Assert.Equal(3, await EventsAsync("cases.CaseNoticeIssued", received.CaseId));
        Assert.Equal(1, await EventsAsync("cases.CaseAccepted", received.CaseId));
    }

    [Fact]
    public async Task Two_of_three_units_approve_one_rejects_and_rework_keeps_the_two_approvals()
    {
        var item = await ItemAsync(["m-id"], "unit-tax", "unit-fire");
        var accepted = await ReceiveAsync(item, "bo", NewIdNumber(), false, "m-id");
        Task<Case> DecideAs(Metadata head, string unit, bool approve) => Cases.DecideApprovalAsync(new DecideApprovalRequest
            { CaseId = accepted.CaseId, UnitId = unit, Approve = approve, Reason = approve ? "符合条件" : "消防验收不合格" }, head).ResponseAsync;
        Task<Case> Decide(string unit, bool approve) => DecideAs(HeadOf(unit), unit, approve);

        // Each unit's head decides their unit's part only: another unit's branch is not theirs to approve.
        var othersBranch = await Assert.ThrowsAsync<RpcException>(() => DecideAs(HeadOf("unit-tax"), "unit-fire", true));
        var othersRework = await Assert.ThrowsAsync<RpcException>(() => Cases.SendBackForReworkAsync(new SendBackForReworkRequest
            { CaseId = accepted.CaseId, UnitId = "unit-fire", Reason = "x" }, HeadOf("unit-tax")).ResponseAsync);
        var notRegistered = await Assert.ThrowsAsync<RpcException>(() => DecideAs(TestAuth.Bearer("head-nobody", Roles.UnitHead), "unit-amr", true));
        var untouched = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = accepted.CaseId }, Office);

        await Decide("unit-amr", true);
        fixture.Time.Advance(TimeSpan.FromHours(1));
        await Decide("unit-tax", true);
        var rejected = await Decide("unit-fire", false);
        var lateDecision = await Assert.ThrowsAsync<RpcException>(() => Decide("unit-tax", false));
        var reworked = await Cases.SendBackForReworkAsync(new SendBackForReworkRequest
            { CaseId = accepted.CaseId, UnitId = "unit-fire", Reason = "整改后复验" }, Office);
        var completed = await Decide("unit-fire", true);

        Assert.All(new[] { othersBranch, othersRework, notRegistered }, e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.All(untouched.Approvals, a => Assert.Equal("PENDING", a.Status));
        Assert.Equal(3, accepted.Approvals.Count);
        Assert.All(accepted.Approvals, a => Assert.Equal(ClockState.Running, a.Clock.State));
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.Rejected, rejected.Status);
        Assert.Equal(StatusCode.FailedPrecondition, lateDecision.StatusCode);
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, reworked.Status);
        Assert.Equal(["APPROVED", "APPROVED", "PENDING"], reworked.Approvals.OrderBy(a => a.UnitId == "unit-fire").Select(a => a.Status));
        Assert.Equal((1, "office-1"), (reworked.Approvals.Single(a => a.UnitId == "unit-fire").Reworks,
            reworked.Approvals.Single(a => a.UnitId == "unit-fire").ReworkBy));
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.Completed, completed.Status);
        Assert.Equal(ClockState.Stopped, completed.Clock.State);
        Assert.Equal(1, await EventsAsync("cases.CaseRejected", accepted.CaseId));
        Assert.Equal(1, await EventsAsync("cases.CaseCompleted", accepted.CaseId));
    }

    [Fact]
    public async Task The_applicant_is_stored_encrypted_shown_masked_and_never_logged_or_traced()
    {
        var idNumber = NewIdNumber();
        var seen = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (seen)
                {
                    seen.Add(a.DisplayName);
                    seen.AddRange(a.TagObjects.Select(t => $"{t.Key}={t.Value}"));
                    seen.AddRange(a.Events.Select(e => e.Name));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var item = await ItemAsync(["m-id"]);

        var received = await ReceiveAsync(item, "chen", idNumber, false, "m-id");
        var asOffice = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, Office);
        var asOtherStaff = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, TestAuth.Bearer("dai", Roles.Staff));
        var asUnitHead = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, UnitHead);
        var asOtherUnitHead = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, HeadOf("unit-tax"));
        // 全程代办: the agent is registered staff of the case's unit, never the assigner; the assigner is recorded.
        var toThemselves = await Assert.ThrowsAsync<RpcException>(() => Cases.AssignAgentAsync(
            new AssignAgentRequest { CaseId = received.CaseId, AgentStaffId = "head-1" }, UnitHead).ResponseAsync);
        var toAnotherUnit = await Assert.ThrowsAsync<RpcException>(() => Cases.AssignAgentAsync(
            new AssignAgentRequest { CaseId = received.CaseId, AgentStaffId = "tao" }, Office).ResponseAsync);
        var toNobody = await Assert.ThrowsAsync<RpcException>(() => Cases.AssignAgentAsync(
            new AssignAgentRequest { CaseId = received.CaseId, AgentStaffId = "nobody" }, Office).ResponseAsync);
        var byOtherHead = await Assert.ThrowsAsync<RpcException>(() => Cases.AssignAgentAsync(
            new AssignAgentRequest { CaseId = received.CaseId, AgentStaffId = "dai" }, HeadOf("unit-tax")).ResponseAsync);
        var noAgentYet = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, Office);
        var withAgent = await Cases.AssignAgentAsync(new AssignAgentRequest { CaseId = received.CaseId, AgentStaffId = "dai" }, Office);
        var asAgent = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, TestAuth.Bearer("dai", Roles.Staff));
        var found = await Cases.FindCasesByApplicantAsync(new FindCasesByApplicantRequest { IdNumber = idNumber }, Office);
        var rows = await Sql.CountAsync(fixture.Db, """SELECT count(*) FROM cases WHERE "CaseId" = $1""", received.CaseId);
        var clearRows = await Sql.CountAsync(fixture.Db,
            """SELECT count(*) FROM cases WHERE "ApplicantIdNumberProtected" LIKE $1 OR "ApplicantNameProtected" LIKE $2 OR "ApplicantIdLookup" LIKE $1""",
            $"%{idNumber}%", "%王小明%");
        var clearEvents = await Sql.CountAsync(fixture.Db, """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1 OR "Payload" LIKE $2""",
            $"%{idNumber}%", "%王小明%");
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        Assert.Equal((idNumber, "王小明", "13812345678", true), (received.Applicant.IdNumber, received.Applicant.Name, received.Applicant.Phone, received.ApplicantUnmasked));
        Assert.Equal((idNumber[..3] + "***********" + idNumber[^4..], "王**", "138****5678", false),
            (asOffice.Applicant.IdNumber, asOffice.Applicant.Name, asOffice.Applicant.Phone, asOffice.ApplicantUnmasked));
        Assert.False(asOtherStaff.ApplicantUnmasked);
        Assert.Equal(idNumber, asUnitHead.Applicant.IdNumber);
        Assert.False(asOtherUnitHead.ApplicantUnmasked); // a unit head's role unmasks their own unit's cases only
        Assert.Equal(idNumber[..3] + "***********" + idNumber[^4..], asOtherUnitHead.Applicant.IdNumber);
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.FailedPrecondition, StatusCode.FailedPrecondition, StatusCode.PermissionDenied),
            (toThemselves.StatusCode, toAnotherUnit.StatusCode, toNobody.StatusCode, byOtherHead.StatusCode));
        Assert.Equal("", noAgentYet.AgentStaffId);
        Assert.Equal(("dai", "office-1"), (withAgent.AgentStaffId, withAgent.AgentAssignedBy)); // 全程代办: the agent carries the case and may see the applicant
        Assert.Equal((true, idNumber), (asAgent.ApplicantUnmasked, asAgent.Applicant.IdNumber));
        Assert.Equal(received.CaseId, Assert.Single(found.Cases).CaseId);
        Assert.Equal(1, rows);
        Assert.Equal(0, clearRows);
        Assert.Equal(0, clearEvents);
        lock (seen)
        {
            Assert.Contains(seen, s => s.Contains("cases.v1.CasesService/ReceiveApplication", StringComparison.Ordinal));
            Assert.DoesNotContain(seen, s => s.Contains(idNumber, StringComparison.Ordinal) || s.Contains("王小明", StringComparison.Ordinal));
        }
        var log = await File.ReadAllTextAsync(fixture.Cases.LogFile, TestContext.Current.CancellationToken);
        Assert.Contains("INSERT INTO cases", log); // the commands are logged, their values are not
        Assert.DoesNotContain(idNumber, log);
        Assert.DoesNotContain("王小明", log);
    }

    [Fact]
    public async Task The_limit_is_extended_once_and_each_escalation_step_fires_once()
    {
        var item = await ItemAsync(["m-id"]);
        var accepted = await ReceiveAsync(item, "eve", NewIdNumber(), false, "m-id");
        var extended = await Cases.ExtendDeadlineAsync(new ExtendDeadlineRequest { CaseId = accepted.CaseId, Days = 2, Reason = "需现场核查" }, UnitHead);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Cases.ExtendDeadlineAsync(
            new ExtendDeadlineRequest { CaseId = accepted.CaseId, Days = 1, Reason = "再延" }, UnitHead).ResponseAsync);
        var due = extended.Clock.DueAt.ToDateTimeOffset();

        // Move to the morning of the due day: two-days-left and due both fire, once each.
        fixture.Time.SetUtcNow(new DateTimeOffset(due.UtcDateTime.Date, TimeSpan.Zero).AddHours(1)); // 09:00 hall time
        await Eventually.Until(() => EventsAsync("cases.CaseDeadlineApproaching", accepted.CaseId), n => n == 2,
            TimeSpan.FromSeconds(20), "two escalations");
        fixture.Time.SetUtcNow(due.AddMinutes(1));
        await Eventually.Until(() => EventsAsync("cases.CaseOverdue", accepted.CaseId), n => n == 1,
            TimeSpan.FromSeconds(20), "the overdue escalation");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // several more job runs
        var overdue = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = accepted.CaseId }, UnitHead);

        Assert.True(accepted.Clock.DueAt.ToDateTimeOffset() < due); // the extension moved it
        Assert.Equal((2, "需现场核查", "head-1"), (extended.Clock.ExtensionDays, extended.Clock.ExtensionReason, extended.ExtendedBy));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal(2, await EventsAsync("cases.CaseDeadlineApproaching", accepted.CaseId));
        Assert.Equal(1, await EventsAsync("cases.CaseOverdue", accepted.CaseId));
        Assert.True(overdue.Clock.Overdue);
        Assert.True(overdue.Clock.RemainingMinutes <= 0); // 17:01: no working time has passed since 17:00 yet
    }

    [Fact]
    public async Task An_application_left_unchecked_five_working_days_is_deemed_accepted_on_receipt()
    {
        var item = await ItemAsync(["m-id", "m-form"]);
        var received = await ReceiveAsync(item, "fei", NewIdNumber(), checkLater: true, "m-id");
        var receivedAt = received.ReceivedAt.ToDateTimeOffset();

        fixture.Time.Advance(TimeSpan.FromDays(9)); // past the end of the 5th working day after receipt
        var deemed = await Eventually.Until(
            () => Cases.GetCaseAsync(new GetCaseRequest { CaseId = received.CaseId }, Platform).ResponseAsync,
            c => c.Status == ServiceHall.Cases.V1.CaseStatus.InApproval, TimeSpan.FromSeconds(20), "deemed acceptance");
        var checkNow = await Assert.ThrowsAsync<RpcException>(() => Cases.CheckApplicationAsync(
            new CaseActionRequest { CaseId = received.CaseId, StaffId = "fei" }, Platform).ResponseAsync);

        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.Received, received.Status);
        Assert.Empty(received.Notices);
        Assert.True(deemed.DeemedAccepted);
        Assert.Equal(receivedAt, deemed.AcceptedAt.ToDateTimeOffset());
        Assert.Equal(receivedAt, deemed.Clock.StartedAt.ToDateTimeOffset());
        Assert.Equal(StatusCode.FailedPrecondition, checkNow.StatusCode);
        Assert.Equal(1, await EventsAsync("cases.CaseAccepted", received.CaseId));
    }

    [Fact]
    public async Task CheckApplication_sent_again_with_its_request_id_answers_as_the_first_time()
    {
        // CheckApplication writes (it accepts or notifies): a retry after a lost answer gets the first answer, not
        // "already checked". The protos mark reads NO_SIDE_EFFECTS; a name starting with "Check" is no read.
        var item = await ItemAsync(["m-id", "m-form"]);
        var received = await ReceiveAsync(item, "fei", NewIdNumber(), true, "m-id", "m-form");
        var headers = new Metadata();
        foreach (var entry in Platform)
            headers.Add(entry);
        headers.Add("request-id", Guid.NewGuid().ToString());
        var request = new CaseActionRequest { CaseId = received.CaseId, StaffId = "fei" };

        var first = await Cases.CheckApplicationAsync(request, headers);
        var again = await Cases.CheckApplicationAsync(request, headers);
        var withoutId = await Assert.ThrowsAsync<RpcException>(() => Cases.CheckApplicationAsync(request, Platform).ResponseAsync);

        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, first.Status);
        Assert.Equal(first, again);
        Assert.Equal(StatusCode.FailedPrecondition, withoutId.StatusCode); // a new check of a checked application
        Assert.Equal(1, await EventsAsync("cases.CaseAccepted", received.CaseId));
    }

    [Fact]
    public void The_protos_mark_every_read_and_only_reads_no_side_effects()
    {
        var methods = new[]
            {
                ServiceHall.Attendance.V1.AttendanceReflection.Descriptor, ServiceHall.Cases.V1.CasesReflection.Descriptor,
                ServiceHall.Complaints.V1.ComplaintsReflection.Descriptor, ServiceHall.Discipline.V1.DisciplineReflection.Descriptor,
            }
            .SelectMany(f => f.Services).SelectMany(s => s.Methods).ToList();
        bool Read(Google.Protobuf.Reflection.MethodDescriptor m) =>
            m.GetOptions()?.IdempotencyLevel == Google.Protobuf.Reflection.MethodOptions.Types.IdempotencyLevel.NoSideEffects;

        var reads = methods.Where(Read).Select(m => m.Name).ToHashSet();
        var named = methods.Where(m => m.Name.StartsWith("Get", StringComparison.Ordinal) || m.Name.StartsWith("List", StringComparison.Ordinal) ||
                                       m.Name.StartsWith("Find", StringComparison.Ordinal) || m.Name.StartsWith("Watch", StringComparison.Ordinal))
            .Select(m => m.Name).ToHashSet();

        Assert.Equal(named.Order(), reads.Order());
        Assert.DoesNotContain("CheckApplication", reads);
        Assert.True(ServiceHall.ServiceDefaults.Grpc.IdempotencyInterceptor.IsRead(
            "/servicehall.cases.v1.CasesService/GetCase", new GetCaseRequest()));
        Assert.False(ServiceHall.ServiceDefaults.Grpc.IdempotencyInterceptor.IsRead(
            "/servicehall.cases.v1.CasesService/CheckApplication", new CaseActionRequest()));
    }

    [Fact]
    public async Task The_ledger_counts_an_items_cases_by_outcome_and_exports_csv()
    {
        var item = await ItemAsync(["m-id", "m-form"]);
        var done = await ReceiveAsync(item, "gao", NewIdNumber(), false, "m-id", "m-form");
        await Cases.DecideApprovalAsync(new DecideApprovalRequest { CaseId = done.CaseId, UnitId = "unit-amr", Approve = true, Reason = "ok" }, UnitHead);
        var waiting = await ReceiveAsync(item, "gao", NewIdNumber(), false, "m-id");
        var running = await ReceiveAsync(item, "gao", NewIdNumber(), false, "m-id", "m-form");

        var ledger = await Cases.GetLedgerAsync(new GetLedgerRequest { From = "2026-11-01", To = "2027-03-31", ItemId = item }, Office);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => Cases.GetLedgerAsync(
            new GetLedgerRequest { From = "2026-12-01", To = "2026-11-01" }, Office).ResponseAsync);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Cases.GetLedgerAsync(
            new GetLedgerRequest { From = "2026-11-01", To = "2026-11-30" }, TestAuth.Bearer("gao", Roles.Staff)).ResponseAsync);

        var totals = Assert.Single(ledger.Items);
        Assert.Equal((3, 2, 1, 1, 1, 1), (totals.Received, totals.Accepted, totals.WithNotice, totals.InApproval, totals.Completed, totals.CompletedOnTime));
        // By time received, then case id: the three were received at one instant (the tests' clock stands still), so
        // the case id decides — the same order on every run and both databases (was the database's whim).
        Assert.Equal(new[] { done, waiting, running }.Select(c => c.CaseId).Order(StringComparer.Ordinal),
            ledger.Rows.Select(r => r.CaseId));
        var csv = ledger.Csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("case_number,case_id,item_id", csv[0]);
        Assert.Contains(csv, line => line.Contains(done.CaseId, StringComparison.Ordinal) && line.Contains(",Completed,", StringComparison.Ordinal));
        Assert.DoesNotContain("王小明", ledger.Csv);
        var doneRow = csv.Single(line => line.Contains(done.CaseId, StringComparison.Ordinal));
        Assert.Contains("+08:00", doneRow); // printed in hall time, with its offset, never UTC
        Assert.DoesNotContain("Z,", doneRow);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
    }
}
