using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The rulebook as data, inspections and appeals over gRPC, with attendance facts arriving over the real bus: the
/// default R1.8, a version approved mid-week judging only later facts, inspection findings counting in the same week,
/// and an upheld appeal restoring award eligibility.
/// </summary>
public sealed class RulebookTests(RulebookFixture hall) : IClassFixture<RulebookFixture>
{
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);
    private static readonly Metadata BureauLeader = TestAuth.Bearer("bureau-1", Roles.BureauLeader);

    private DisciplineService.DisciplineServiceClient Client => new(hall.Discipline.Channel);

    private static string NewStaff() => "s-" + Guid.NewGuid().ToString("N")[..8];

    private Task LateAsync(string staff, int day) => hall.Bus.Publish(new StaffLate(Guid.NewGuid(),
        HallFixture.HallTime(day, 9, 30), "hall-1", staff, "w-1", Guid.NewGuid(), new DateOnly(2026, 11, day), 30));

    private Task EarlyAsync(string staff, int day) => hall.Bus.Publish(new StaffLeftEarly(Guid.NewGuid(),
        HallFixture.HallTime(day, 16, 30), "hall-1", staff, "w-1", Guid.NewGuid(), new DateOnly(2026, 11, day), 30));

    private Task OffPostAsync(string staff, int day) => hall.Bus.Publish(new StaffOffPost(Guid.NewGuid(),
        HallFixture.HallTime(day, 11, 0), "hall-1", staff, "w-1", new DateOnly(2026, 11, day), HallFixture.HallTime(day, 10, 40), 20));

    private Task<StaffFileResponse> FileAsync(string staff) =>
        Client.GetStaffFileAsync(new GetStaffFileRequest { StaffId = staff, Year = 2026 }, DisciplineOffice).ResponseAsync;

    private async Task<StaffFileResponse> FileWithFactsAsync(string staff, int facts) =>
        await Eventually.Until(() => FileAsync(staff), f => f.Facts.Count == facts, TimeSpan.FromSeconds(30),
            $"{facts} facts of {staff}");

    [Fact]
    public async Task A_late_an_early_leave_and_an_unapproved_outing_in_one_week_give_one_criticism_and_lost_eligibility()
    {
        var staff = NewStaff();
        await LateAsync(staff, 23);
        await EarlyAsync(staff, 24);
        await OffPostAsync(staff, 25);
        await LateAsync(staff, 25); // a fourth fact changes nothing more

        var file = await FileWithFactsAsync(staff, 4);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        file = await FileAsync(staff);

        Assert.False(file.AwardEligible);
        Assert.Single(file.Sanctions, s => s.Kind == SanctionKind.CirculatedCriticism);
        Assert.Single(file.Sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        Assert.All(file.Sanctions, s => Assert.Equal("R1.8/v1", s.RuleVersion));
        Assert.Equal(2, file.Sanctions.Single(s => s.Kind == SanctionKind.CirculatedCriticism).EvidenceEventIds.Count);
    }

    [Fact]
    public async Task A_version_approved_mid_week_judges_only_the_facts_after_its_effective_date()
    {
        var draft = await Client.DraftRuleAsync(new DraftRuleRequest
        {
            RuleId = "R1.8", Title = "一周累计迟到、早退、脱岗（试行放宽）", Article = "一周累计三次通报批评，四次取消评优资格",
            Counted = { FactKind.Late, FactKind.LeftEarly, FactKind.OffPost, FactKind.InspectionFinding },
            CriticismThreshold = 3, RevocationThreshold = 4, EffectiveFrom = "2026-11-26",
        }, DisciplineOffice);
        var backdated = await Client.DraftRuleAsync(new DraftRuleRequest
        {
            RuleId = "R1.8", Title = "backdated", Article = "x", Counted = { FactKind.Late }, CriticismThreshold = 1,
            RevocationThreshold = 2, EffectiveFrom = "2026-11-20",
        }, DisciplineOffice);
        var notInForceYet = (await Client.ListRulesAsync(new ListRulesRequest(), DisciplineOffice)).Rules.Single(r => r.Version == draft.Version).Status;
        var officeMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.ApproveRuleAsync(
            new ApproveRuleRequest { RuleId = "R1.8", Version = draft.Version }, TestAuth.Bearer("o", Roles.Office)).ResponseAsync);
        var pastRefused = await Assert.ThrowsAsync<RpcException>(() => Client.ApproveRuleAsync(
            new ApproveRuleRequest { RuleId = "R1.8", Version = backdated.Version }, BureauLeader).ResponseAsync);
        var approved = await Client.ApproveRuleAsync(new ApproveRuleRequest { RuleId = "R1.8", Version = draft.Version }, BureauLeader);

        // Before Thursday v1 judges (2 → criticism); from Thursday v2 (3 → criticism).
        var (before, after) = (NewStaff(), NewStaff());
        await LateAsync(before, 23);
        await EarlyAsync(before, 24);
        await LateAsync(after, 23);
        await LateAsync(after, 26);
        var beforeFile = await Eventually.Until(() => FileAsync(before), f => f.Sanctions.Count == 1, TimeSpan.FromSeconds(30), "v1's criticism");
        await FileWithFactsAsync(after, 2);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var afterFile = await FileAsync(after);

        Assert.Equal("DRAFT", notInForceYet);
        Assert.Equal(StatusCode.PermissionDenied, officeMayNot.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, pastRefused.StatusCode);
        Assert.Equal(("APPROVED", "bureau-1", "2026-11-26"), (approved.Status, approved.ApprovedBy, approved.EffectiveFrom));
        Assert.Equal(("R1.8/v1", SanctionKind.CirculatedCriticism), (beforeFile.Sanctions[0].RuleVersion, beforeFile.Sanctions[0].Kind));
        Assert.Empty(afterFile.Sanctions); // under v1 this week would have brought criticism
    }

    [Fact]
    public async Task Only_a_finding_that_witnesses_lateness_or_time_off_post_counts_toward_the_weeks_rule()
    {
        var (counted, notCounted) = (NewStaff(), NewStaff());
        await LateAsync(counted, 23);
        await LateAsync(notCounted, 23);
        await FileWithFactsAsync(counted, 1);
        await FileWithFactsAsync(notCounted, 1);
        await hall.RegisterAsync("leader-1", "unit-a", "DutyLeader"); // the registry says leader-1 leads; the token alone would not do
        var inspection = await Client.RecordInspectionAsync(new RecordInspectionRequest
        {
            InspectionId = "insp-" + counted, Kind = InspectionKind.DailyPatrol,
            InspectedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 10, 15)),
            Findings =
            {
                new Finding { Category = FindingCategory.OffPost, StaffId = counted, Note = "巡查时不在岗" },
                new Finding { Category = FindingCategory.ItemsOnCounter, StaffId = notCounted, WindowId = "w-1", Note = "台面摆放零食" },
                new Finding { Category = FindingCategory.PhoneUse, StaffId = notCounted, Note = "上班时间玩手机" },
            },
        }, TestAuth.Bearer("leader-1", Roles.DutyLeader));
        var again = await Client.RecordInspectionAsync(new RecordInspectionRequest
            { InspectionId = "insp-" + counted, Kind = InspectionKind.DailyPatrol }, TestAuth.Bearer("leader-1", Roles.DutyLeader));
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.RecordInspectionAsync(new RecordInspectionRequest
            { InspectionId = "x-" + counted, Kind = InspectionKind.DailyPatrol }, TestAuth.Bearer(counted, Roles.Staff)).ResponseAsync);
        var file = await FileAsync(counted);
        var recordedOnly = await FileWithFactsAsync(notCounted, 3);

        Assert.Equal(("leader-1", 3), (inspection.InspectorId, inspection.Findings.Count));
        // The same inspection again: the one recorded, its findings in the same order as the first answer.
        Assert.Equal(inspection.Findings.Select(f => (f.Category, f.StaffId, f.WindowId, f.Note)),
            again.Findings.Select(f => (f.Category, f.StaffId, f.WindowId, f.Note)));
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
        Assert.Equal(1, file.InspectionFindings);
        var criticism = Assert.Single(file.Sanctions);
        Assert.Equal(SanctionKind.CirculatedCriticism, criticism.Kind);
        // A snack on the counter and a phone are recorded and reported, not counted as lateness (R1.8's data).
        Assert.Equal(2, recordedOnly.InspectionFindings);
        Assert.Empty(recordedOnly.Sanctions);
        Assert.Equal(1, await Sql.CountAsync(hall.Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.InspectionRecorded' AND "Payload" LIKE $1""", $"%insp-{counted}%"));
    }

    [Fact]
    public async Task An_upheld_appeal_revokes_the_sanction_and_restores_award_eligibility()
    {
        var staff = NewStaff();
        await LateAsync(staff, 23);
        await LateAsync(staff, 24);
        await LateAsync(staff, 25);
        var file = await Eventually.Until(() => FileAsync(staff), f => f.Sanctions.Count == 2, TimeSpan.FromSeconds(30), "both sanctions");
        var revocation = file.Sanctions.Single(s => s.Kind == SanctionKind.AwardEligibilityRevoked);

        var notTheirs = await Assert.ThrowsAsync<RpcException>(() => Client.AppealSanctionAsync(
            new AppealSanctionRequest { SanctionId = revocation.SanctionId, Reason = "x" }, TestAuth.Bearer("other", Roles.Staff)).ResponseAsync);
        var appealed = await Client.AppealSanctionAsync(new AppealSanctionRequest
            { SanctionId = revocation.SanctionId, Reason = "周三迟到因地铁停运，有证明" }, TestAuth.Bearer(staff, Roles.Staff));
        var upheld = await Client.DecideSanctionAppealAsync(new DecideSanctionAppealRequest
            { SanctionId = revocation.SanctionId, Upheld = true, Reason = "情况属实" }, DisciplineOffice);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Client.DecideSanctionAppealAsync(new DecideSanctionAppealRequest
            { SanctionId = revocation.SanctionId, Upheld = false, Reason = "x" }, DisciplineOffice).ResponseAsync);
        var standing = await Client.GetStandingAsync(new GetStandingRequest { StaffId = staff, Year = 2026 }, DisciplineOffice);
        var after = await FileAsync(staff);

        Assert.False(file.AwardEligible);
        Assert.Equal(StatusCode.PermissionDenied, notTheirs.StatusCode);
        Assert.Equal("PENDING", appealed.AppealStatus);
        Assert.Equal(("UPHELD", true), (upheld.AppealStatus, upheld.Revoked));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.True(standing.AwardEligible);
        Assert.True(after.AwardEligible);
        Assert.False(after.Sanctions.Single(s => s.Kind == SanctionKind.CirculatedCriticism).Revoked);
        Assert.Equal(1, await Sql.CountAsync(hall.Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.SanctionRevoked' AND "Payload" LIKE $1""", $"%{revocation.SanctionId}%"));
    }

    [Fact]
    public async Task Whoever_files_a_sanction_appeal_and_the_sanctioned_person_do_not_decide_it()
    {
        var staff = NewStaff();
        await LateAsync(staff, 23);
        await LateAsync(staff, 24);
        var file = await Eventually.Until(() => FileAsync(staff), f => f.Sanctions.Count == 1, TimeSpan.FromSeconds(30), "the criticism");
        var criticism = file.Sanctions.Single();
        // The office files for the staff member; one of its people also sits in the discipline office.
        var filer = TestAuth.Bearer("office-7", Roles.Office, Roles.DisciplineOffice);
        await Client.AppealSanctionAsync(new AppealSanctionRequest { SanctionId = criticism.SanctionId, Reason = "有证明" }, filer);

        var byFiler = await Assert.ThrowsAsync<RpcException>(() => Client.DecideSanctionAppealAsync(new DecideSanctionAppealRequest
            { SanctionId = criticism.SanctionId, Upheld = true, Reason = "属实" }, filer).ResponseAsync);
        var bySanctioned = await Assert.ThrowsAsync<RpcException>(() => Client.DecideSanctionAppealAsync(new DecideSanctionAppealRequest
            { SanctionId = criticism.SanctionId, Upheld = true, Reason = "属实" }, TestAuth.Bearer(staff, Roles.BureauLeader)).ResponseAsync);
        var pending = (await FileAsync(staff)).Sanctions.Single();
        var decided = await Client.DecideSanctionAppealAsync(new DecideSanctionAppealRequest
            { SanctionId = criticism.SanctionId, Upheld = false, Reason = "理由不成立" }, DisciplineOffice);

        Assert.Equal(StatusCode.PermissionDenied, byFiler.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, bySanctioned.StatusCode);
        Assert.Equal(("PENDING", false), (pending.AppealStatus, pending.Revoked));
        Assert.Equal(("REJECTED", false), (decided.AppealStatus, decided.Revoked));
    }

    [Fact]
    public async Task The_default_rulebook_only_proposes_what_A27_and_A28_allow_and_a_person_decides()
    {
        var staff = NewStaff();
        Task ComplaintAsync(string category, int day) => hall.Bus.Publish(new ServiceHall.Contracts.Complaints.ComplaintVerified(
            Guid.NewGuid(), HallFixture.HallTime(day, 15, 0), "hall-1", $"c-{staff}-{category}", staff, "w-1", null, category));
        await ComplaintAsync("Attitude", 23);
        await ComplaintAsync("Misconduct", 24);
        await hall.Bus.Publish(new StaffAbsent(Guid.NewGuid(), HallFixture.HallTime(25, 12, 0), "hall-1", staff, "w-1", new DateOnly(2026, 11, 25)));

        var file = await Eventually.Until(() => FileAsync(staff), f => f.Sanctions.Count == 4, TimeSpan.FromSeconds(30), "four proposals");
        var demerit = file.Sanctions.Single(s => s.Kind == SanctionKind.Demerit);
        var criticism = file.Sanctions.Single(s => s.Kind == SanctionKind.Criticism);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmSanctionAsync(
            new ConfirmSanctionRequest { SanctionId = demerit.SanctionId }, TestAuth.Bearer(staff, Roles.Staff)).ResponseAsync);
        Task<long> Issued(string sanctionId) => Sql.CountAsync(hall.Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.SanctionIssued' AND "Payload" LIKE $1""", $"%{sanctionId}%");
        var issuedBefore = await Task.WhenAll(file.Sanctions.Select(s => Issued(s.SanctionId)));
        var confirmed = await Client.ConfirmSanctionAsync(new ConfirmSanctionRequest { SanctionId = demerit.SanctionId }, DisciplineOffice);
        var declined = await Client.DeclineSanctionAsync(new DeclineSanctionRequest
            { SanctionId = criticism.SanctionId, Reason = "当事人已当面道歉，投诉人撤回诉求" }, BureauLeader);
        var confirmDeclined = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmSanctionAsync(
            new ConfirmSanctionRequest { SanctionId = criticism.SanctionId }, BureauLeader).ResponseAsync);
        var rules = await Client.ListRulesAsync(new ListRulesRequest(), DisciplineOffice);

        Assert.All(file.Sanctions, s => Assert.True(s.Proposed)); // A27 可给予: nothing is issued by a rule alone
        Assert.All(issuedBefore, n => Assert.Equal(0, n)); // a proposal is not announced
        Assert.Equal("A27-attitude/v1", criticism.RuleVersion);
        Assert.Equal("A27-misconduct/v1", demerit.RuleVersion);
        Assert.Equal("R1.7-absenteeism/v1", file.Sanctions.Single(s => s.Kind == SanctionKind.CirculatedCriticism).RuleVersion);
        Assert.Equal("A28-serious/v1", file.Sanctions.Single(s => s.Kind == SanctionKind.Demotion).RuleVersion);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
        Assert.Equal((false, "d-1"), (confirmed.Proposed, confirmed.ConfirmedBy));
        Assert.Equal(1, await Issued(demerit.SanctionId));
        Assert.True(declined.Revoked);
        Assert.Contains("当事人已当面道歉", declined.RevocationReason);
        Assert.Equal(0, await Issued(criticism.SanctionId));
        Assert.Equal(StatusCode.FailedPrecondition, confirmDeclined.StatusCode);
        Assert.Equal(["Attitude", "Misconduct", ""], file.Facts.Select(f => f.Detail));
        Assert.All(rules.Rules.Where(r => r.Mode == RuleMode.PerFact), r => Assert.True(r.RequiresConfirmation));
        Assert.False(rules.Rules.Single(r => r.Citation == "R1.8/v1").RequiresConfirmation);
    }

    [Fact]
    public async Task A_person_issues_a_sanction_by_hand_citing_a_rule_version_and_the_staff_members_own_facts()
    {
        var (staff, other) = (NewStaff(), NewStaff());
        await LateAsync(staff, 23);
        await LateAsync(other, 23);
        var fact = (await FileWithFactsAsync(staff, 1)).Facts[0].EvidenceId;
        var othersFact = (await FileWithFactsAsync(other, 1)).Facts[0].EvidenceId;
        IssueSanctionRequest Request(string ruleVersion, string evidence) => new()
        {
            SanctionId = Guid.NewGuid().ToString(), StaffId = staff, Kind = SanctionKind.Criticism, RuleVersion = ruleVersion,
            EvidenceEventIds = { evidence }, Reason = "屡次迟到，经谈话仍未改正",
        };

        var request = Request("A27-attitude/v1", fact);
        var issued = await Client.IssueSanctionAsync(request, DisciplineOffice);
        var again = await Client.IssueSanctionAsync(request, DisciplineOffice);
        var unknownRule = await Assert.ThrowsAsync<RpcException>(() => Client.IssueSanctionAsync(Request("A99/v1", fact), DisciplineOffice).ResponseAsync);
        var notTheirs = await Assert.ThrowsAsync<RpcException>(() => Client.IssueSanctionAsync(Request("A27-attitude/v1", othersFact), DisciplineOffice).ResponseAsync);
        var unitHeadMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.IssueSanctionAsync(Request("A27-attitude/v1", fact), TestAuth.Bearer("h", Roles.UnitHead)).ResponseAsync);

        Assert.Equal((false, "d-1", "A27-attitude/v1"), (issued.Proposed, issued.ConfirmedBy, issued.RuleVersion));
        Assert.Equal([fact], issued.EvidenceEventIds);
        Assert.Equal(issued.SanctionId, again.SanctionId);
        Assert.Equal(StatusCode.NotFound, unknownRule.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, notTheirs.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, unitHeadMayNot.StatusCode);
        Assert.Equal(1, await Sql.CountAsync(hall.Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.SanctionIssued' AND "Payload" LIKE $1""", $"%{issued.SanctionId}%"));
    }

    [Fact]
    public async Task An_overdue_case_is_charged_to_the_head_of_the_unit_whose_clock_ran_out_and_the_brief_names_the_unit()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (unit, head, window, clerk) = ($"unit-{id}", $"head-{id}", $"w-{id}", $"clerk-{id}");
        var at = HallFixture.HallTime(24, 10, 0);
        Task Publish<T>(T message) where T : class => hall.Bus.Publish(message, TestContext.Current.CancellationToken);
        await Publish(new ServiceHall.Contracts.Attendance.UnitRegistered(Guid.NewGuid(), at, "hall-1", unit, "市场监督管理局"));
        await Publish(new ServiceHall.Contracts.Attendance.StaffRegistered(Guid.NewGuid(), at, "hall-1", head, "赵局长", unit, "", ["UnitHead"]));
        await Publish(new ServiceHall.Contracts.Attendance.StaffRegistered(Guid.NewGuid(), at, "hall-1", clerk, "钱窗口", unit, window, ["WindowStaff"]));
        await Publish(new WindowServiceItemsSet(Guid.NewGuid(), at, "hall-1", window, unit, ["item-1"]));
        await Eventually.Until(() => Sql.CountAsync(hall.Db, """SELECT count(*) FROM directory_entries WHERE "Id" IN ($1, $2, $3)""", unit, head, clerk),
            n => n == 3, TimeSpan.FromSeconds(30), "the registry heard");
        // A case of the unit without parallel approval, received by the clerk, runs out on Thursday.
        await Publish(new ServiceHall.Contracts.Cases.CaseOverdue(Guid.NewGuid(), HallFixture.HallTime(26, 17, 1), "hall-1",
            $"c-{id}", $"SH-{id}", "item-1", null, at.AddDays(1), clerk, unit));
        var item = await Client.AddRectificationItemAsync(new AddRectificationItemRequest
            { UnitId = unit, Title = "超期办件逐件说明", Owner = head, DueDate = "2026-12-04" }, DisciplineOffice);

        var headsFile = await FileWithFactsAsync(head, 1);
        var brief = await Client.GetMondayBriefAsync(new GetMondayBriefRequest { WeekStart = "2026-11-23" }, DisciplineOffice);

        Assert.Equal(FactKind.CaseOverdue, headsFile.Facts[0].Kind);
        var proposal = Assert.Single(headsFile.Sanctions);
        Assert.Equal(("R1.3b-overdue/v1", true), (proposal.RuleVersion, proposal.Proposed)); // a person decides
        Assert.Empty((await FileAsync(clerk)).Facts); // not the window staff who received it
        Assert.Equal("市场监督管理局", brief.Units.Single(u => u.UnitId == unit).UnitName);
        Assert.Contains($"## 市场监督管理局（{unit}）", brief.Markdown);
        Assert.Contains($"责任人：赵局长（{head}）", brief.Markdown);
        Assert.NotNull(item);
    }

    [Fact]
    public async Task A_staff_file_is_read_at_one_moment_while_a_consumer_commits_a_fact_and_its_sanction()
    {
        // GetStaffFile, GetStanding and the Monday brief read several tables; each runs in one read snapshot, so a
        // fact and the sanction it caused (committed together by the consumer) are seen both or neither.
        var staff = NewStaff();
        await using var scope = hall.Discipline.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisciplineDbContext>();
        int before, during;
        await using (var snapshot = await db.Database.BeginReadSnapshotAsync(CancellationToken.None))
        {
            before = await db.Violations.CountAsync(v => v.StaffId == staff);
            await hall.Bus.Publish(new StaffAbsent(Guid.NewGuid(), HallFixture.HallTime(25, 12, 0), "hall-1", staff, "w-1",
                new DateOnly(2026, 11, 25)));
            await FileWithFactsAsync(staff, 1); // committed, as a second reader sees
            during = await db.Violations.CountAsync(v => v.StaffId == staff) + await db.Sanctions.CountAsync(s => s.StaffId == staff);
        }
        var after = await db.Violations.CountAsync(v => v.StaffId == staff) + await db.Sanctions.CountAsync(s => s.StaffId == staff);

        Assert.Equal((0, 0), (before, during));
        Assert.Equal(2, after); // the fact and its circulated criticism
    }

    [Fact]
    public async Task The_monday_brief_counts_a_seeded_week_per_unit_and_carries_an_open_item_forward()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (unitA, unitB, wa, wb) = ($"ua-{id}", $"ub-{id}", $"wa-{id}", $"wb-{id}");
        var at = HallFixture.HallTime(24, 10, 0);
        Task Publish<T>(T message) where T : class => hall.Bus.Publish(message, TestContext.Current.CancellationToken);
        await Publish(new WindowServiceItemsSet(Guid.NewGuid(), at, "hall-1", wa, unitA, ["item-1"]));
        await Publish(new WindowServiceItemsSet(Guid.NewGuid(), at, "hall-1", wb, unitB, ["item-2"]));
        foreach (var (ticket, window) in new[] { ($"t1-{id}", wa), ($"t2-{id}", wa), ($"t3-{id}", wb) })
            await Publish(new ServiceHall.Contracts.Cases.ServiceFinished(Guid.NewGuid(), at, "hall-1", ticket, window, "s-1", 60, 300));
        await Publish(new ServiceHall.Contracts.Cases.CaseAccepted(Guid.NewGuid(), at, "hall-1", $"c1-{id}", "SH1", "item-1", 1, "s-1", $"t1-{id}", at, at.AddDays(7), false));
        await Publish(new ServiceHall.Contracts.Cases.CaseCompleted(Guid.NewGuid(), at.AddHours(2), "hall-1", $"c1-{id}", "SH1", "item-1", "s-1", null, 120, false));
        await Publish(new ServiceHall.Contracts.Cases.CaseAccepted(Guid.NewGuid(), at, "hall-1", $"c2-{id}", "SH2", "item-2", 1, "s-2", $"t3-{id}", at, at.AddDays(1), false));
        await Publish(new ServiceHall.Contracts.Cases.CaseOverdue(Guid.NewGuid(), HallFixture.HallTime(26, 17, 1), "hall-1", $"c2-{id}", "SH2", "item-2", null, at.AddDays(1), $"s2-{id}"));
        await Publish(new ServiceHall.Contracts.Complaints.ReviewSubmitted(Guid.NewGuid(), at, "hall-1", $"r-{id}", $"t3-{id}", null, wb, "s-2", 5, true));
        await Publish(new ServiceHall.Contracts.Complaints.ComplaintVerified(Guid.NewGuid(), at, "hall-1", $"cv-{id}", $"s1-{id}", wa, null, "Attitude"));
        await Publish(new StaffLate(Guid.NewGuid(), HallFixture.HallTime(23, 9, 20), "hall-1", $"s1-{id}", wa, Guid.NewGuid(), new DateOnly(2026, 11, 23), 20));
        await Client.RecordInspectionAsync(new RecordInspectionRequest
        {
            InspectionId = $"insp-{id}", Kind = InspectionKind.Unscheduled, InspectedAt = Timestamp.FromDateTimeOffset(at),
            Findings = { new Finding { Category = FindingCategory.ItemsOnCounter, StaffId = $"s2-{id}", WindowId = wb, Note = "零食" } },
        }, BureauLeader);
        var item = await Client.AddRectificationItemAsync(new AddRectificationItemRequest
            { UnitId = unitB, Title = "超期办件逐件说明原因并整改", Owner = $"head-{id}", DueDate = "2026-12-04" }, DisciplineOffice);
        UnitBriefInfo Unit(MondayBriefResponse brief, string unit) => brief.Units.Single(u => u.UnitId == unit);
        // h heads unit B, h2 unit A; s2 works in unit B (as the registry announces them).
        await hall.RegisterAsync($"h-{id}", unitB, "UnitHead");
        await hall.RegisterAsync($"h2-{id}", unitA, "UnitHead");
        await hall.RegisterAsync($"s2-{id}", unitB, "WindowStaff");
        var headB = TestAuth.Bearer($"h-{id}", Roles.UnitHead);
        var headA = TestAuth.Bearer($"h2-{id}", Roles.UnitHead);

        var week = await Eventually.Until(
            () => Client.GetMondayBriefAsync(new GetMondayBriefRequest { WeekStart = "2026-11-23" }, headB).ResponseAsync,
            b => b.Units.Any(u => u.UnitId == unitB && u.CasesOverdue == 1 && u.BadReviews == 1 && u.TicketsServed == 1) &&
                 b.Units.Any(u => u.UnitId == unitA && u.CasesCompleted == 1 && u.VerifiedComplaints == 1 && u.Violations.Count == 1),
            TimeSpan.FromSeconds(30), "the week's facts in the brief");
        var nextWeek = await Client.GetMondayBriefAsync(new GetMondayBriefRequest { WeekStart = "2026-11-30" }, DisciplineOffice);
        // Another unit's head neither closes unit B's item nor reads its people's files.
        var otherUnitCloses = await Assert.ThrowsAsync<RpcException>(() => Client.CloseRectificationItemAsync(
            new CloseRectificationItemRequest { ItemId = item.ItemId, Note = "越权" }, headA).ResponseAsync);
        var otherUnitReads = await Assert.ThrowsAsync<RpcException>(() => Client.ListSanctionsAsync(
            new ListSanctionsRequest { StaffId = $"s2-{id}" }, headA).ResponseAsync);
        var ownUnitReads = await Client.ListSanctionsAsync(new ListSanctionsRequest { StaffId = $"s2-{id}" }, headB);
        await Client.CloseRectificationItemAsync(new CloseRectificationItemRequest { ItemId = item.ItemId, Note = "已整改" }, headB);
        var afterClosing = await Client.GetMondayBriefAsync(new GetMondayBriefRequest { WeekStart = "2026-11-30" }, DisciplineOffice);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.GetMondayBriefAsync(new GetMondayBriefRequest(), TestAuth.Bearer("s", Roles.Staff)).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (otherUnitCloses.StatusCode, otherUnitReads.StatusCode));
        Assert.NotNull(ownUnitReads);
        var a = Unit(week, unitA);
        Assert.Equal((2, 1, 1, 0, 1, 0, 0), (a.TicketsServed, a.CasesAccepted, a.CasesCompleted, a.CasesOverdue, a.VerifiedComplaints, a.BadReviews, a.InspectionFindings));
        Assert.Equal([(FactKind.Late, 1)], a.Violations.Select(v => (v.Kind, v.Count)));
        var b = Unit(week, unitB);
        Assert.Equal((1, 1, 0, 1, 0, 1, 1), (b.TicketsServed, b.CasesAccepted, b.CasesCompleted, b.CasesOverdue, b.VerifiedComplaints, b.BadReviews, b.InspectionFindings));
        Assert.Equal([item.ItemId], b.OpenItems.Select(i => i.ItemId));
        Assert.Contains("超期办件逐件说明原因并整改", week.Markdown);
        Assert.Contains($"## {unitB}", week.Markdown);
        Assert.Equal([item.ItemId], Unit(nextWeek, unitB).OpenItems.Select(i => i.ItemId)); // carried forward
        Assert.Empty(Unit(afterClosing, unitB).OpenItems);
        Assert.Equal(0, Unit(nextWeek, unitA).TicketsServed);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
    }

    [Fact]
    public async Task Awards_are_proposed_for_clean_well_reviewed_staff_and_confirmed_by_a_person()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (good, late, mixed, appealed) = ($"g-{id}", $"h-{id}", $"k-{id}", $"l-{id}");
        var at = HallFixture.HallTime(24, 11, 0);
        Task Review(string staff, bool bad, string? reviewId = null) => hall.Bus.Publish(new ServiceHall.Contracts.Complaints.ReviewSubmitted(
            Guid.NewGuid(), at, "hall-1", reviewId ?? Guid.NewGuid().ToString(), null, null, "w-1", staff, bad ? 5 : 1, bad));
        foreach (var staff in new[] { good, late, mixed, appealed })
        {
            for (var i = 0; i < 3; i++)
                await Review(staff, bad: false);
        }
        await Review(mixed, bad: true);
        await Review(appealed, bad: true, $"rx-{id}");
        await hall.Bus.Publish(new ServiceHall.Contracts.Complaints.ReviewExcluded(Guid.NewGuid(), at.AddHours(1), "hall-1", $"rx-{id}", appealed));
        await LateAsync(late, 25);
        await FileWithFactsAsync(late, 1);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // the reviews are in

        var request = new ProposeAwardsRequest { From = "2026-11-01", To = "2026-11-30", MinimumReviews = 3, MinimumSatisfaction = 0.95 };
        var proposed = await Eventually.Until(() => Client.ProposeAwardsAsync(request, DisciplineOffice).ResponseAsync,
            r => r.Proposals.Count(p => p.StaffId.EndsWith(id, StringComparison.Ordinal)) >= 2, TimeSpan.FromSeconds(20), "the proposals");
        var again = await Client.ProposeAwardsAsync(request, DisciplineOffice);
        var ours = proposed.Proposals.Where(p => p.StaffId.EndsWith(id, StringComparison.Ordinal)).ToList();
        var officeMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmAwardAsync(
            new ConfirmAwardRequest { ProposalId = ours[0].ProposalId }, DisciplineOffice).ResponseAsync);
        var confirmed = await Client.ConfirmAwardAsync(new ConfirmAwardRequest { ProposalId = ours.Single(p => p.StaffId == good).ProposalId }, BureauLeader);

        // Late (a violation) and mixed (67 %) are not proposed; the excluded bad review does not count against "appealed".
        Assert.Equal(new[] { appealed, good }.Order(StringComparer.Ordinal), ours.Select(p => p.StaffId).Order(StringComparer.Ordinal));
        Assert.Equal((3, 1.0), (ours.Single(p => p.StaffId == appealed).Reviews, ours.Single(p => p.StaffId == appealed).SatisfactionRate));
        Assert.Equal(ours.Count, again.Proposals.Count(p => p.StaffId.EndsWith(id, StringComparison.Ordinal))); // no second proposal
        Assert.Equal(StatusCode.PermissionDenied, officeMayNot.StatusCode);
        Assert.Equal(("bureau-1", "d-1"), (confirmed.ConfirmedBy, confirmed.ProposedBy));
        Assert.Equal(1, await Sql.CountAsync(hall.Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.AwardGranted' AND "Payload" LIKE $1""", $"%{good}%"));
    }
}
