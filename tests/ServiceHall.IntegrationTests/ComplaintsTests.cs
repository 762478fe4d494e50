using Grpc.Core;
using MassTransit;
using ServiceHall.Attendance.V1;
using ServiceHall.Calendar;
using ServiceHall.Cases.V1;
using ServiceHall.Complaints.V1;
using ServiceHall.Contracts.Complaints;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Complaints, reviews and suggestions over gRPC on the real servers, with the events between the services: reviews
/// bind to tickets the cases service finished, verified complaints reach discipline once.
/// </summary>
public sealed class ComplaintsTests(ComplaintsFixture hall) : IClassFixture<ComplaintsFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata UnitHead = TestAuth.Bearer("head-1", Roles.UnitHead);
    private static readonly Metadata Kiosk = TestAuth.Bearer("kiosk-1", Roles.System);
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);
    private static readonly WorkCalendar Calendar = new(new WorkCalendarOptions());
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private ComplaintsService.ComplaintsServiceClient Complaints => new(hall.Complaints.Channel);

    /// <summary>
    /// The head of unit-hr (the unit of the tests' windows), as the staff registry says, once the complaints service's
    /// copy of it knows them: unit heads handle their own unit's complaints and rectifications only.
    /// </summary>
    private async Task<Metadata> HrHeadAsync()
    {
        var head = await People.LeaderAsync(new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel),
            "head-hr", "unit-hr", StaffRole.UnitHead);
        await Eventually.Until(() => Sql.CountAsync(hall.ComplaintsDb,
                """SELECT count(*) FROM registered_staff WHERE "StaffId" = 'head-hr' AND "UnitId" = 'unit-hr'"""),
            n => n == 1, TimeSpan.FromSeconds(30), "complaints to know the head of unit-hr");
        return head;
    }

    /// <summary>A ticket served and finished by <paramref name="staff"/> at a new window.</summary>
    private async Task<(string Ticket, string Window)> FinishedTicketAsync(string staff)
    {
        var (ticket, window, _) = await FinishedVisitAsync(staff);
        return (ticket, window);
    }

    /// <summary>A ticket served and finished by <paramref name="staff"/> at a new window, with the item it was for.</summary>
    private async Task<(string Ticket, string Window, string Item)> FinishedVisitAsync(string staff)
    {
        var cases = new CasesService.CasesServiceClient(hall.Cases.Channel);
        var attendance = new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        var id = Guid.NewGuid().ToString("N")[..8];
        var (item, window) = ($"item-{id}", $"w-{id}");
        await cases.PublishServiceItemAsync(TicketTests.Item(item, "m-id"), Office);
        await attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "社保 " + id, ServiceItemIds = { item } }, Office);
        await Eventually.Until(async () =>
        {
            try
            {
                return (await cases.GetWindowCallingStateAsync(new GetWindowCallingStateRequest { WindowId = window }, Office)).ServiceItemIds.Count;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return 0;
            }
        }, n => n == 1, TimeSpan.FromSeconds(30), "cases to learn the window");
        var ticket = await cases.TakeTicketAsync(new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = item }, Kiosk);
        await cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = window, StaffId = staff }, Kiosk);
        await cases.StartServiceAsync(new TicketActionRequest { TicketId = ticket.TicketId, StaffId = staff }, Kiosk);
        await cases.FinishServiceAsync(new TicketActionRequest { TicketId = ticket.TicketId, StaffId = staff }, Kiosk);
        return (ticket.TicketId, window, item);
    }

    /// <summary>Submits once the complaints service has heard that the ticket finished (same request id each try).</summary>
    private Task<ServiceHall.Complaints.V1.Review> ReviewAsync(string ticket, Grade grade, Person? reviewer) =>
        Eventually.Until(async () =>
        {
            try
            {
                return await Complaints.SubmitReviewAsync(new SubmitReviewRequest
                {
                    RequestId = "review-" + ticket, TicketId = ticket, Grade = grade, Reviewer = reviewer, SourceId = "pad-" + ticket,
                }, Kiosk);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        }, r => r is not null, TimeSpan.FromSeconds(30), "the review to be accepted")!;

    [Fact]
    public async Task A_named_bad_review_opens_a_rectification_that_closes_only_after_the_call_back()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var (ticket, window) = await FinishedTicketAsync(staff);
        var hrHead = await HrHeadAsync();
        var notFinished = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitReviewAsync(new SubmitReviewRequest
            { RequestId = Guid.NewGuid().ToString(), TicketId = "no-such-ticket", Grade = Grade.Satisfied, SourceId = "pad" }, Kiosk).ResponseAsync);

        var review = await ReviewAsync(ticket, Grade.VeryDissatisfied, new Person { Name = "周十", Phone = "13700001111" });
        var second = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitReviewAsync(new SubmitReviewRequest
            { RequestId = Guid.NewGuid().ToString(), TicketId = ticket, Grade = Grade.Satisfied, SourceId = "pad" }, Kiosk).ResponseAsync);
        var noCallback = await Assert.ThrowsAsync<RpcException>(() => Complaints.CloseRectificationAsync(new CloseRectificationRequest
            { ReviewId = review.ReviewId, Action = RectificationAction.Explained, Outcome = "已解释办理流程" }, hrHead).ResponseAsync);
        var called = await Complaints.RecordCallbackAsync(new RecordCallbackRequest { ReviewId = review.ReviewId, Result = "接受解释" }, hrHead);
        var closed = await Complaints.CloseRectificationAsync(new CloseRectificationRequest
            { ReviewId = review.ReviewId, Action = RectificationAction.Explained, Outcome = "已解释办理流程" }, hrHead);
        var asUnitHead = await Complaints.GetReviewAsync(new GetReviewRequest { ReviewId = review.ReviewId }, hrHead);

        Assert.Equal(StatusCode.FailedPrecondition, notFinished.StatusCode);
        Assert.True(review.Bad);
        Assert.Equal((window, staff), (review.WindowId, review.StaffId));
        Assert.Equal("OPEN", review.Rectification.Status);
        Assert.Equal(Calendar.AddWorkingDays(review.SubmittedAt.ToDateTimeOffset(), 5), review.Rectification.DueAt.ToDateTimeOffset());
        Assert.Equal(StatusCode.AlreadyExists, second.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, noCallback.StatusCode);
        Assert.Contains("call the reviewer back", noCallback.Status.Detail);
        Assert.NotNull(called.Rectification.CalledBackAt);
        Assert.Equal(("CLOSED", RectificationAction.Explained, false), (closed.Rectification.Status, closed.Rectification.Action, closed.Rectification.Overdue));
        Assert.Equal(("head-hr", "head-hr"), (closed.Rectification.CalledBackBy, closed.Rectification.ClosedBy)); // from the token
        Assert.Equal("周*", asUnitHead.Reviewer.Name); // unit heads see reviewers masked
        Assert.Equal(1, await Sql.CountAsync(hall.ComplaintsDb,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'complaints.BadReviewRectified' AND "Payload" LIKE $1""", $"%{review.ReviewId}%"));
    }

    [Fact]
    public async Task A_review_of_a_case_that_came_through_a_ticket_is_bound_to_its_window_and_counts_for_its_unit()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var (ticket, window, item) = await FinishedVisitAsync(staff);
        var cases = new CasesService.CasesServiceClient(hall.Cases.Channel);
        var accepted = await cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, TicketId = ticket, StaffId = staff,
            Applicant = new ApplicantData { Name = "李四", IdNumber = "110101199001011234", Phone = "13800000000" },
            SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer(staff, Roles.Staff));
        // head-1 heads unit-amr, the item's approving unit, as attendance's registry says (cases learns it by event).
        var attendance = new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        try
        {
            await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = "unit-amr", Name = "unit-amr" }, Office);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Created by another test of the class.
        }
        await People.LeaderAsync(attendance, "head-1", "unit-amr", StaffRole.UnitHead);
        await Eventually.Until(async () =>
        {
            try
            {
                await cases.DecideApprovalAsync(new DecideApprovalRequest { CaseId = accepted.CaseId, UnitId = "unit-amr", Approve = true, Reason = "符合条件" }, UnitHead);
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                return false; // cases has not heard of head-1 yet
            }
        }, done => done, TimeSpan.FromSeconds(30), "cases to know head-1 as unit-amr's head");

        var review = await Eventually.Until(async () =>
        {
            try
            {
                return await Complaints.SubmitReviewAsync(new SubmitReviewRequest
                    { RequestId = "review-" + accepted.CaseId, CaseId = accepted.CaseId, Grade = Grade.Satisfied, SourceId = "pad-" + accepted.CaseId }, Kiosk);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        }, r => r is not null, TimeSpan.FromSeconds(30), "the review of the completed case");
        var unit = await Complaints.GetQualityFiguresAsync(new GetQualityFiguresRequest
            { From = "2026-11-01", To = "2027-10-31", Scope = FigureScope.Window, SubjectId = window }, Office);

        Assert.Equal((window, staff), (review!.WindowId, review.StaffId));
        Assert.Equal(1, Assert.Single(unit.Subjects).Reviews);
    }

    [Fact]
    public async Task An_upheld_appeal_takes_the_rating_out_of_the_figures()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var (good, _) = await FinishedTicketAsync(staff);
        var (bad, _) = await FinishedTicketAsync(staff);
        await ReviewAsync(good, Grade.VerySatisfied, null);
        var malicious = await ReviewAsync(bad, Grade.VeryDissatisfied, null);
        var request = new GetQualityFiguresRequest { From = "2026-11-01", To = "2027-10-31", Scope = FigureScope.Staff, SubjectId = staff };

        var before = Assert.Single((await Complaints.GetQualityFiguresAsync(request, Office)).Subjects);
        var notHers = await Assert.ThrowsAsync<RpcException>(() => Complaints.AppealReviewAsync(new AppealReviewRequest
            { ReviewId = malicious.ReviewId, Reason = "x" }, TestAuth.Bearer("someone-else", Roles.Staff)).ResponseAsync);
        var appealed = await Complaints.AppealReviewAsync(new AppealReviewRequest
            { ReviewId = malicious.ReviewId, Reason = "评价人在办理前已离开，误评" }, TestAuth.Bearer(staff, Roles.Staff));
        var upheld = await Complaints.DecideAppealAsync(new DecideAppealRequest
            { ReviewId = malicious.ReviewId, Upheld = true, Reason = "监控核实为误评" }, DisciplineOffice);
        var after = Assert.Single((await Complaints.GetQualityFiguresAsync(request, Office)).Subjects);

        Assert.Equal((2, 0.5, 1), (before.Reviews, before.SatisfactionRate, before.BadReviews));
        Assert.Equal(StatusCode.PermissionDenied, notHers.StatusCode);
        Assert.Equal("PENDING", appealed.Appeal.Status);
        Assert.Equal(("UPHELD", true), (upheld.Appeal.Status, upheld.Excluded));
        Assert.Equal((1, 1.0, 0, 1), (after.Reviews, after.SatisfactionRate, after.BadReviews, after.ExcludedReviews));
    }

    [Fact]
    public async Task Reviews_are_the_citizens_word_and_an_appeal_is_not_decided_by_its_filer()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var (ticket, _) = await FinishedTicketAsync(staff);
        var (other, _) = await FinishedTicketAsync(staff);
        SubmitReviewRequest Review(string id) => new()
            { RequestId = "r-" + id, TicketId = id, Grade = Grade.VerySatisfied, SourceId = "pad-" + id };

        // A staff token never reviews (its own service or anyone's); the served staff member never, whatever the role.
        var byStaff = await Assert.ThrowsAsync<RpcException>(() =>
            Complaints.SubmitReviewAsync(Review(ticket), TestAuth.Bearer(staff, Roles.Staff)).ResponseAsync);
        var ownService = await Eventually.Until(async () =>
        {
            try
            {
                await Complaints.SubmitReviewAsync(Review(ticket), TestAuth.Bearer(staff, Roles.Office));
                return StatusCode.OK;
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.FailedPrecondition)
            {
                return e.StatusCode;
            }
            catch (RpcException)
            {
                return (StatusCode?)null; // the finish has not reached the complaints service yet
            }
        }, code => code is not null, TimeSpan.FromSeconds(30), "the self-review to be judged");
        var bad = await ReviewAsync(other, Grade.VeryDissatisfied, null);

        // Someone with both the office and the discipline office roles files the appeal for the staff member: they
        // may not decide it; another person does.
        var both = TestAuth.Bearer("d-office-2", Roles.Office, Roles.DisciplineOffice);
        await Complaints.AppealReviewAsync(new AppealReviewRequest { ReviewId = bad.ReviewId, Reason = "误评" }, both);
        var ownAppeal = await Assert.ThrowsAsync<RpcException>(() => Complaints.DecideAppealAsync(
            new DecideAppealRequest { ReviewId = bad.ReviewId, Upheld = true, Reason = "核实" }, both).ResponseAsync);
        var servedDecides = await Assert.ThrowsAsync<RpcException>(() => Complaints.DecideAppealAsync(
            new DecideAppealRequest { ReviewId = bad.ReviewId, Upheld = true, Reason = "核实" },
            TestAuth.Bearer(staff, Roles.DisciplineOffice)).ResponseAsync);
        var decided = await Complaints.DecideAppealAsync(
            new DecideAppealRequest { ReviewId = bad.ReviewId, Upheld = false, Reason = "评价属实" }, DisciplineOffice);
        var stored = await Complaints.GetReviewAsync(new GetReviewRequest { ReviewId = bad.ReviewId }, Office);

        Assert.Equal(StatusCode.PermissionDenied, byStaff.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, ownService);
        Assert.Equal(0, await Sql.CountAsync(hall.ComplaintsDb,
            """SELECT count(*) FROM reviews WHERE "TicketId" = $1""", ticket));
        Assert.Equal(StatusCode.PermissionDenied, ownAppeal.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, servedDecides.StatusCode);
        Assert.Equal(("REJECTED", "d-1"), (decided.Appeal.Status, decided.Appeal.DecidedBy));
        Assert.Equal("REJECTED", stored.Appeal.Status);
    }

    [Fact]
    public async Task A_request_id_is_the_callers_own_another_caller_gets_ALREADY_EXISTS_not_the_record()
    {
        var requestId = Guid.NewGuid().ToString();
        SubmitComplaintRequest Complaint() => new()
        {
            RequestId = requestId, Channel = ServiceHall.Complaints.V1.Channel.Window, Category = ComplaintCategory.Attitude,
            StaffId = "s-rude", Content = "态度恶劣", SourceId = "kiosk-src-1",
            Complainant = new Person { Name = "郑十二", Phone = "13500003333" },
        };
        var mine = await Complaints.SubmitComplaintAsync(Complaint(), Kiosk);
        var again = await Complaints.SubmitComplaintAsync(Complaint(), Kiosk);
        var otherKiosk = await Assert.ThrowsAsync<RpcException>(() =>
            Complaints.SubmitComplaintAsync(Complaint(), TestAuth.Bearer("kiosk-2", Roles.System)).ResponseAsync);
        var otherContent = Complaint();
        otherContent.Category = ComplaintCategory.Delay;
        var changed = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitComplaintAsync(otherContent, Kiosk).ResponseAsync);

        var suggestion = new SubmitSuggestionRequest
        {
            RequestId = requestId, Channel = ServiceHall.Complaints.V1.Channel.SuggestionBox, Content = "增加座椅",
            SourceId = "box-1", Suggester = new Person { Name = "钱十三", Phone = "13500004444" },
        };
        await Complaints.SubmitSuggestionAsync(suggestion, Kiosk);
        var otherSuggester = await Assert.ThrowsAsync<RpcException>(() =>
            Complaints.SubmitSuggestionAsync(suggestion, TestAuth.Bearer("kiosk-2", Roles.System)).ResponseAsync);

        var cases = new CasesService.CasesServiceClient(hall.Cases.Channel);
        var (_, _, item) = await FinishedVisitAsync("s-" + Guid.NewGuid().ToString("N")[..8]);
        var take = new TakeTicketRequest { RequestId = requestId, ItemId = item };
        var ticket = await cases.TakeTicketAsync(take, Kiosk);
        var otherTaker = await Assert.ThrowsAsync<RpcException>(() =>
            cases.TakeTicketAsync(take, TestAuth.Bearer("kiosk-2", Roles.System)).ResponseAsync);

        Assert.Equal(mine.ComplaintId, again.ComplaintId);
        Assert.All(new[] { otherKiosk, changed, otherSuggester, otherTaker },
            e => Assert.Equal(StatusCode.AlreadyExists, e.StatusCode));
        Assert.DoesNotContain("郑十二", otherKiosk.Status.Detail);
        Assert.DoesNotContain(mine.ComplaintId, otherKiosk.Status.Detail + otherKiosk.Trailers);
        Assert.DoesNotContain(ticket.TicketId, otherTaker.Status.Detail);
        Assert.Equal(1, await Sql.CountAsync(hall.ComplaintsDb,
            """SELECT count(*) FROM complaints WHERE "RequestId" = $1""", requestId));
    }

    [Fact]
    public async Task Source_id_is_the_anonymous_boxs_key_a_named_submission_may_leave_it_out_an_anonymous_one_may_not()
    {
        SubmitComplaintRequest Complaint(Person? who, string source) => new()
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Phone,
            Category = ComplaintCategory.Attitude, StaffId = "s-rude", Content = "态度生硬", SourceId = source, Complainant = who,
        };
        var named = await Complaints.SubmitComplaintAsync(Complaint(new Person { Name = "郑十二", Phone = "13500003333" }, ""), Office);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitComplaintAsync(Complaint(null, ""), Office).ResponseAsync);
        var badSource = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitComplaintAsync(
            Complaint(new Person { Name = "郑十二", Phone = "13500003333" }, "bad source"), Office).ResponseAsync);
        var suggestion = await Complaints.SubmitSuggestionAsync(new SubmitSuggestionRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Online, Content = "希望延长周末开放时间",
            Suggester = new Person { Name = "郑十二", Phone = "13500003333" },
        }, Office);
        var anonymousSuggestion = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitSuggestionAsync(new SubmitSuggestionRequest
            { RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Online, Content = "希望延长周末开放时间" }, Office).ResponseAsync);

        Assert.False(named.Anonymous);
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument),
            (anonymous.StatusCode, badSource.StatusCode, anonymousSuggestion.StatusCode));
        Assert.All(new[] { anonymous, badSource, anonymousSuggestion }, e => Assert.Contains("source_id", e.Status.Detail, StringComparison.Ordinal));
        Assert.NotEmpty(suggestion.SuggestionId);
        Assert.Equal(1, await Sql.CountAsync(hall.ComplaintsDb,
            """SELECT count(*) FROM complaints WHERE "ComplaintId" = $1 AND "SourceHash" IS NULL""", named.ComplaintId));
    }

    [Fact]
    public async Task A_complaint_left_investigating_past_its_deadline_escalates_once_per_step()
    {
        var complaint = await Complaints.SubmitComplaintAsync(new SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Phone,
            Category = ComplaintCategory.Delay, StaffId = "s-slow", Content = "材料交了两周没有回音", SourceId = "hotline-1",
            Complainant = new Person { Name = "吴十一", Phone = "13500002222" },
        }, Office);
        await Complaints.StartInvestigationAsync(new ComplaintActionRequest { ComplaintId = complaint.ComplaintId }, Office);
        Task<long> Escalations(string level) => Sql.CountAsync(hall.ComplaintsDb,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'complaints.ComplaintEscalated' AND "Payload" LIKE $1 AND "Payload" LIKE $2""",
            $"%{complaint.ComplaintId}%", $"%\"{level}\"%");
        var due = complaint.DueAt.ToDateTimeOffset();

        hall.Time.SetUtcNow(Later(hall.Time.GetUtcNow(), due.AddMinutes(1)));
        await Eventually.Until(() => Escalations("unit-head"), n => n == 1, TimeSpan.FromSeconds(20), "the unit head escalation");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // several more job runs
        var unitHeadOnly = (await Escalations("unit-head"), await Escalations("bureau-leader"));
        hall.Time.SetUtcNow(Later(hall.Time.GetUtcNow(), Calendar.AddWorkingDays(due, 2).AddMinutes(1)));
        await Eventually.Until(() => Escalations("bureau-leader"), n => n == 1, TimeSpan.FromSeconds(20), "the bureau leader escalation");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var read = await Complaints.GetComplaintAsync(new GetComplaintRequest { ComplaintId = complaint.ComplaintId }, Office);

        Assert.Equal((1L, 0L), unitHeadOnly);
        Assert.Equal(1, await Escalations("unit-head"));
        Assert.Equal(1, await Escalations("bureau-leader"));
        Assert.Equal(["unit-head", "bureau-leader"], read.EscalatedTo);
        Assert.Equal(("吴十一", true), (read.Complainant.Name, read.ComplainantUnmasked)); // the office sees the complainant
    }

    [Fact]
    public async Task A_verified_attitude_complaint_reaches_discipline_once_even_when_delivered_twice()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var complaint = await Complaints.SubmitComplaintAsync(new SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Window,
            Category = ComplaintCategory.Attitude, StaffId = staff, Content = "工作人员态度生硬", SourceId = "window-1",
        }, Office);
        await Complaints.StartInvestigationAsync(new ComplaintActionRequest { ComplaintId = complaint.ComplaintId }, DisciplineOffice);
        await Complaints.AddEvidenceAsync(new AddEvidenceRequest { ComplaintId = complaint.ComplaintId, Note = "调阅窗口录音录像" }, DisciplineOffice);
        var evidence = await Complaints.AddEvidenceAsync(new AddEvidenceRequest { ComplaintId = complaint.ComplaintId, Note = "询问当班同事" }, Office);
        // Each note keeps who added it, from the token.
        Assert.Equal(["调阅窗口录音录像", "询问当班同事"], evidence.Evidence);
        Assert.Equal(["d-1", "office-1"], evidence.EvidenceAddedBy);
        var verified = await Complaints.DecideComplaintAsync(new DecideComplaintRequest
            { ComplaintId = complaint.ComplaintId, Verified = true, Findings = "录像显示态度生硬，情况属实" }, DisciplineOffice);
        var resolved = await Complaints.ResolveComplaintAsync(new ResolveComplaintRequest
            { ComplaintId = complaint.ComplaintId, Reply = "已批评教育并向您致歉" }, DisciplineOffice);
        var discipline = new DisciplineService.DisciplineServiceClient(hall.Discipline.Channel);
        Task<int> Verified() => discipline.GetStandingAsync(new GetStandingRequest { StaffId = staff }, DisciplineOffice)
            .ResponseAsync.ContinueWith(t => t.Result.VerifiedComplaints, TaskScheduler.Default);
        await Eventually.Until(Verified, n => n == 1, TimeSpan.FromSeconds(30), "discipline to count the complaint");
        var payload = await Sql.TextAsync(hall.ComplaintsDb,
            """SELECT "Payload" FROM outbox_messages WHERE "EventType" = 'complaints.ComplaintVerified' AND "Payload" LIKE $1""", $"%{complaint.ComplaintId}%");
        var again = System.Text.Json.JsonSerializer.Deserialize<ComplaintVerified>(payload!, Json)!;

        // The same event again, and the same complaint under another event id (a replayed outbox row).
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(hall.Infra.RabbitMqUri));
            cfg.SignEventsWith(TestAuth.EventSigner);
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await bus.Publish(again, TestContext.Current.CancellationToken);
            await bus.Publish(again with { EventId = Guid.NewGuid() }, TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal((ServiceHall.Complaints.V1.ComplaintStatus.Verified, ServiceHall.Complaints.V1.ComplaintStatus.Resolved), (verified.Status, resolved.Status));
        // Who investigated, decided (the decision that becomes a demerit) and resolved: the tokens' subjects.
        Assert.Equal(("d-1", "d-1", "d-1"), (resolved.InvestigatedBy, resolved.DecidedBy, resolved.ResolvedBy));
        Assert.Equal((staff, "Attitude"), (again.StaffId, again.Category));
        Assert.DoesNotContain("态度生硬", payload);
        Assert.Equal(1, await Verified());
    }

    [Fact]
    public async Task Anonymous_submissions_from_one_source_are_limited_and_answered_resource_exhausted()
    {
        var source = "kiosk-" + Guid.NewGuid().ToString("N")[..8];
        SubmitSuggestionRequest Suggestion() => new()
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.SuggestionBox,
            Content = "希望增加自助打印机", SourceId = source,
        };
        for (var i = 0; i < 5; i++)
            await Complaints.SubmitSuggestionAsync(Suggestion(), Kiosk);

        var sixth = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitSuggestionAsync(Suggestion(), Kiosk).ResponseAsync);
        var anonymousComplaint = await Assert.ThrowsAsync<RpcException>(() => Complaints.SubmitComplaintAsync(new SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.SuggestionBox,
            Category = ComplaintCategory.Other, WindowId = "w-1", Content = "x", SourceId = source,
        }, Kiosk).ResponseAsync);
        var named = Suggestion();
        named.Suggester = new Person { Name = "郑十二" };
        var namedAccepted = await Complaints.SubmitSuggestionAsync(named, Kiosk);
        var answered = await Complaints.AnswerSuggestionAsync(new AnswerSuggestionRequest
            { SuggestionId = namedAccepted.SuggestionId, Answer = "已采纳，下月配置" }, Office);
        var retry = sixth.Trailers.GetValueBytes("grpc-status-details-bin");

        Assert.Equal(StatusCode.ResourceExhausted, sixth.StatusCode);
        Assert.Contains("limit is 5", sixth.Status.Detail);
        Assert.NotNull(retry);
        var details = Google.Rpc.Status.Parser.ParseFrom(retry);
        Assert.True(details.Details.Single().Unpack<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(StatusCode.ResourceExhausted, anonymousComplaint.StatusCode);
        Assert.False(namedAccepted.Anonymous);
        Assert.Equal(("已采纳，下月配置", "office-1"), (answered.Answer, answered.AnsweredBy));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [Fact]
    public async Task A_unit_head_handles_only_their_own_units_complaints_and_rectifications_and_nothing_is_written()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var (ticket, window) = await FinishedTicketAsync(staff);
        var hrHead = await HrHeadAsync();
        var taxHead = await People.LeaderAsync(new AttendanceService.AttendanceServiceClient(hall.Attendance.Channel),
            "head-tax-c", "unit-tax", StaffRole.UnitHead);
        await Eventually.Until(() => Sql.CountAsync(hall.ComplaintsDb,
                """SELECT count(*) FROM registered_staff WHERE "StaffId" = 'head-tax-c'"""),
            n => n == 1, TimeSpan.FromSeconds(30), "complaints to know the head of unit-tax");
        var complaint = await Complaints.SubmitComplaintAsync(new SubmitComplaintRequest
        {
            RequestId = Guid.NewGuid().ToString(), Channel = ServiceHall.Complaints.V1.Channel.Window,
            Category = ComplaintCategory.Attitude, WindowId = window, Content = "态度生硬", SourceId = "desk-1",
        }, Office);
        var review = await ReviewAsync(ticket, Grade.Dissatisfied, new Person { Name = "郑十二", Phone = "13600003333" });

        var refused = new[]
        {
            await CodeOf(() => Complaints.StartInvestigationAsync(new ComplaintActionRequest { ComplaintId = complaint.ComplaintId }, taxHead).ResponseAsync),
            await CodeOf(() => Complaints.GetComplaintAsync(new GetComplaintRequest { ComplaintId = complaint.ComplaintId }, taxHead).ResponseAsync),
            await CodeOf(() => Complaints.StartInvestigationAsync(new ComplaintActionRequest { ComplaintId = "no-such-complaint" }, taxHead).ResponseAsync),
            await CodeOf(() => Complaints.RecordCallbackAsync(new RecordCallbackRequest { ReviewId = review.ReviewId, Result = "x" }, taxHead).ResponseAsync),
            await CodeOf(() => Complaints.GetReviewAsync(new GetReviewRequest { ReviewId = review.ReviewId }, taxHead).ResponseAsync),
        };
        var untouched = await Complaints.GetComplaintAsync(new GetComplaintRequest { ComplaintId = complaint.ComplaintId }, Office);
        var investigating = await Complaints.StartInvestigationAsync(new ComplaintActionRequest { ComplaintId = complaint.ComplaintId }, hrHead);
        var called = await Complaints.RecordCallbackAsync(new RecordCallbackRequest { ReviewId = review.ReviewId, Result = "已致歉" }, hrHead);

        Assert.All(refused, code => Assert.Equal(StatusCode.PermissionDenied, code));
        Assert.NotEqual(investigating.Status, untouched.Status);
        Assert.Equal(ServiceHall.Complaints.V1.ComplaintStatus.Investigating, investigating.Status);
        Assert.Equal("已致歉", called.Rectification.CallbackResult);
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
}
