using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.Complaints.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.FaultHarness;

/// <summary>
/// A steady stream of a hall's commands over gRPC, from several windows at once. Each worker is one window with its
/// staff member and item; each iteration is a late clock-in on an earlier workday (an attendance fact for discipline),
/// then a citizen's visit: a ticket, called, served, an application received and accepted, the service finished,
/// and the previous visit rated (once the complaints service heard it finished). Every call has a deadline; a call
/// without a definite answer is retried with the same request id until it gets one (or the retry budget ends: the
/// outcome is then unknown). Every command and its outcome go into the <see cref="Ledger"/>.
/// </summary>
public sealed class HallWorkload : IDisposable
{
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan OverrunTolerance = TimeSpan.FromSeconds(2);
    private static readonly TimeZoneInfo Hall = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly string[] Names = ["王小明", "李秀英", "张伟", "刘洋", "陈静", "杨帆"];

    private readonly Metadata _kiosk = TestAuth.Bearer("fault-kiosk", Roles.System);
    private readonly Metadata _office = TestAuth.Bearer("fault-office", Roles.Office);
    private readonly List<Worker> _workers = [];
    private readonly List<Task> _loops = [];
    private readonly List<string> _personalData = [];
    private CancellationTokenSource? _stop;

    public HallWorkload(string runId, int workers, ChannelBase attendance, ChannelBase cases, ChannelBase complaints,
        TimeSpan? pause = null)
    {
        RunId = runId;
        UnitId = "fu-" + runId;
        Attendance = new AttendanceService.AttendanceServiceClient(attendance);
        Cases = new CasesService.CasesServiceClient(cases);
        Complaints = new ComplaintsService.ComplaintsServiceClient(complaints);
        Pause = pause ?? TimeSpan.FromMilliseconds(250);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Hall).DateTime).AddDays(-8);
        for (var i = 0; i < workers; i++)
            _workers.Add(new Worker(i, $"fs-{runId}-{i}", $"fw-{runId}-{i}", $"fi-{runId}-{i}", firstDay));
    }

    public string RunId { get; }

    public string UnitId { get; }

    public Ledger Ledger { get; } = new();

    public IReadOnlyList<Worker> Workers => _workers;

    public AttendanceService.AttendanceServiceClient Attendance { get; }

    public CasesService.CasesServiceClient Cases { get; }

    public ComplaintsService.ComplaintsServiceClient Complaints { get; }

    /// <summary>Between two commands of a worker: the stream is steady, not a flood.</summary>
    public TimeSpan Pause { get; }

    /// <summary>The applicants' and reviewers' names, ID numbers and phones sent (none may show up in logs or queues).</summary>
    public IReadOnlyList<string> PersonalData
    {
        get
        {
            lock (_personalData)
                return [.. _personalData];
        }
    }

    /// <summary>The unit, and per worker its item, window (offering the item) and staff member, on post today.</summary>
    public async Task SetUpAsync()
    {
        await Attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = UnitId, Name = "故障演练 " + RunId }, _office,
            Deadline());
        foreach (var w in _workers)
        {
            await Cases.PublishServiceItemAsync(new PublishServiceItemRequest
            {
                ItemId = w.ItemId, Name = "社会保障卡申领", ApprovingUnitId = UnitId, Content = "申领社保卡",
                LegalBasis = "《社会保险法》", ProcedureSteps = { "受理", "制卡" },
                Materials = { new Material { MaterialId = "m-id", Name = "身份证" } },
                CommittedDays = 5, StatutoryDays = 20, ResultForm = "社会保障卡",
            }, _office, Deadline());
            await Attendance.CreateWindowAsync(new CreateWindowRequest
                { WindowId = w.WindowId, UnitId = UnitId, Name = $"演练 {w.Index} 号", ServiceItemIds = { w.ItemId } },
                _office, Deadline());
            await Attendance.RegisterStaffAsync(new RegisterStaffRequest
                { StaffId = w.StaffId, DisplayName = "演练员" + w.Index, UnitId = UnitId, WindowId = w.WindowId },
                _office, Deadline());
            var punchId = Guid.NewGuid().ToString();
            var today = await Attendance.ClockInAsync(new ClockInRequest
                { PunchId = punchId, StaffId = w.StaffId, DeviceId = "fault-reader" }, _kiosk, Deadline());
            Ledger.Punches.Enqueue(new PunchEntry(w.Index, punchId, w.StaffId, HallDate(DateTimeOffset.UtcNow),
                today.Late, Outcome.Ok));
        }
        foreach (var w in _workers)
        {
            await Eventually.Until(async () =>
            {
                try
                {
                    return (await Cases.GetWindowCallingStateAsync(
                        new GetWindowCallingStateRequest { WindowId = w.WindowId }, _office, Deadline())).ServiceItemIds.Count;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return 0;
                }
            }, n => n == 1, TimeSpan.FromSeconds(60), $"the cases service to learn window {w.WindowId}");
        }
    }

    public void Dispose() => _stop?.Dispose();

    public void Start()
    {
        _stop = new CancellationTokenSource();
        foreach (var w in _workers)
            _loops.Add(Task.Run(() => LoopAsync(w, _stop.Token)));
    }

    /// <summary>
    /// Stops the stream after the iterations in progress, then rates every finished visit not yet rated (the
    /// complaints service hears of each finished service over the bus).
    /// </summary>
    public async Task StopAsync()
    {
        await (_stop?.CancelAsync() ?? Task.CompletedTask);
        await Task.WhenAll(_loops);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (_workers.Any(w => !w.PendingReviews.IsEmpty) && DateTimeOffset.UtcNow < deadline)
        {
            foreach (var w in _workers)
                await ReviewPendingAsync(w, final: false);
            await Task.Delay(1000);
        }
        foreach (var w in _workers)
            await ReviewPendingAsync(w, final: true);
    }

    private async Task LoopAsync(Worker w, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await IterationAsync(w);
            try
            {
                await Task.Delay(Pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task IterationAsync(Worker w)
    {
        await PunchAsync(w);
        if (w.Blocked is not null)
            return;
        await VisitAsync(w);
        await ReviewPendingAsync(w, final: false);
    }

    private async Task PunchAsync(Worker w)
    {
        var day = w.NextWorkday();
        var punchId = Guid.NewGuid().ToString();
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8))
            .AddMinutes(1 + (w.Iterations % 50));
        var result = await CallAsync("ClockIn", o => Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = punchId, StaffId = w.StaffId, DeviceId = "fault-reader", PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, o), _kiosk);
        // An unknown outcome may or may not have recorded a late morning; the check allows either.
        Ledger.Punches.Enqueue(new PunchEntry(w.Index, punchId, w.StaffId, day, result.Reply?.Late ?? true, result.Outcome));
    }

    private async Task VisitAsync(Worker w)
    {
        var requestId = Guid.NewGuid().ToString();
        var taken = await CallAsync("TakeTicket", o => Cases.TakeTicketAsync(
            new TakeTicketRequest { RequestId = requestId, ItemId = w.ItemId }, o), _kiosk);
        Ledger.Tickets.Enqueue(new TicketEntry(w.Index, requestId, taken.Reply?.TicketId, taken.Outcome));
        if (taken.Outcome == Outcome.Unknown)
            w.UnknownTickets++;
        if (taken.Reply is null)
            return;

        // Calling, starting and finishing carry a client request id (header): sent again after a lost answer, each
        // answers as the first time instead of calling the next ticket or refusing a ticket already moved on.
        var call = await CallAsync("CallNextTicket", o => Cases.CallNextTicketAsync(
            new CallNextTicketRequest { WindowId = w.WindowId, StaffId = w.StaffId }, o), WithRequestId(_kiosk));
        if (call.Reply is not { Ticket: { } called })
        {
            w.Block($"CallNextTicket: {call.Outcome} {call.Refusal?.Status.Detail ?? "nobody waiting"}");
            return;
        }
        var ticketId = called.TicketId;

        if (!await TransitionAsync(w, "StartService",
                o => Cases.StartServiceAsync(new TicketActionRequest { TicketId = ticketId, StaffId = w.StaffId }, o)))
            return;

        var caseRequest = Guid.NewGuid().ToString();
        var idNumber = "110101" + Random.Shared.NextInt64(100000000000, 999999999999).ToString(CultureInfo.InvariantCulture);
        var phone = "139" + Random.Shared.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture);
        var name = Names[Random.Shared.Next(Names.Length)];
        lock (_personalData)
            _personalData.AddRange([idNumber, phone]);
        var received = await CallAsync("ReceiveApplication", o => Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = caseRequest, ItemId = w.ItemId, TicketId = ticketId, StaffId = w.StaffId,
            Applicant = new ApplicantData { Name = name, IdNumber = idNumber, Phone = phone },
            SubmittedMaterialIds = { "m-id" },
        }, o), _kiosk);
        Ledger.Cases.Enqueue(new CaseEntry(w.Index, caseRequest, received.Reply?.CaseId, received.Outcome));

        if (!await TransitionAsync(w, "FinishService",
                o => Cases.FinishServiceAsync(new TicketActionRequest { TicketId = ticketId, StaffId = w.StaffId }, o)))
            return;
        Ledger.FinishedTickets.Enqueue(ticketId);
        w.PendingReviews.Enqueue(ticketId);
    }

    private async Task<bool> TransitionAsync(Worker w, string rpc,
        Func<CallOptions, AsyncUnaryCall<ServiceHall.Cases.V1.Ticket>> call)
    {
        var result = await CallAsync(rpc, call, WithRequestId(_kiosk));
        if (result.Outcome == Outcome.Ok)
            return true;
        w.Block($"{rpc}: {result.Outcome} {result.Refusal?.Status.Detail}");
        return false;
    }

    /// <summary>The headers with a new client request id (the <c>request-id</c> header every mutating RPC takes).</summary>
    private static Metadata WithRequestId(Metadata headers)
    {
        var copy = new Metadata();
        foreach (var entry in headers)
            copy.Add(entry);
        copy.Add("request-id", Guid.NewGuid().ToString());
        return copy;
    }

    /// <summary>Rates the finished visits whose finish the complaints service has heard of; the others wait.</summary>
    private async Task ReviewPendingAsync(Worker w, bool final)
    {
        var count = w.PendingReviews.Count;
        for (var i = 0; i < count && w.PendingReviews.TryDequeue(out var ticketId); i++)
        {
            var requestId = "rv-" + ticketId;
            var phone = "138" + Random.Shared.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture);
            lock (_personalData)
                _personalData.Add(phone);
            var result = await CallAsync("SubmitReview", o => Complaints.SubmitReviewAsync(new SubmitReviewRequest
            {
                RequestId = requestId, TicketId = ticketId, Grade = Grade.Satisfied, SourceId = "fault-pad-" + w.Index,
                Reviewer = new Person { Name = Names[Random.Shared.Next(Names.Length)], Phone = phone },
            }, o), _kiosk, countAsCommand: w.ReviewsTried.Add(ticketId));
            if (result.Refusal?.StatusCode == StatusCode.FailedPrecondition && !final)
            {
                w.PendingReviews.Enqueue(ticketId); // the finish has not reached the complaints service yet
                continue;
            }
            Ledger.Reviews.Enqueue(new ReviewEntry(w.Index, requestId, ticketId, result.Reply?.ReviewId, result.Outcome));
        }
    }

    /// <summary>
    /// One command: each attempt with a deadline; UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, UNKNOWN and INTERNAL are
    /// retried with the same request (same request id) with backoff until a definite answer or the budget's end.
    /// </summary>
    public async Task<CallResult<T>> CallAsync<T>(string rpc, Func<CallOptions, AsyncUnaryCall<T>> call,
        Metadata headers, bool countAsCommand = true)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (countAsCommand)
            Ledger.CountCommand(rpc);
        var started = Stopwatch.GetTimestamp();
        var ambiguous = false;
        for (var attempt = 0; ; attempt++)
        {
            Ledger.CountAttempt();
            var attemptStarted = Stopwatch.GetTimestamp();
            try
            {
                var reply = await call(new CallOptions(headers, DateTime.UtcNow + CallDeadline));
                return new CallResult<T>(reply, Outcome.Ok, null, ambiguous);
            }
            catch (RpcException e) when (IsRetryable(e.StatusCode))
            {
                if (Stopwatch.GetElapsedTime(attemptStarted) > CallDeadline + OverrunTolerance)
                    Ledger.CountOverrun();
                Ledger.CountFailure(e.StatusCode);
                ambiguous = true;
                if (Stopwatch.GetElapsedTime(started) > RetryBudget)
                    return new CallResult<T>(default, Outcome.Unknown, e, ambiguous);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)))));
            }
            catch (RpcException e)
            {
                Ledger.CountFailure(e.StatusCode);
                return new CallResult<T>(default, Outcome.Refused, e, ambiguous);
            }
        }
    }

    private static bool IsRetryable(StatusCode status) => status is StatusCode.Unavailable or
        StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Unknown or StatusCode.Internal;

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    public static DateOnly HallDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Hall).DateTime);

    public sealed record CallResult<T>(T? Reply, Outcome Outcome, RpcException? Refusal, bool Ambiguous);

    /// <summary>One window of the workload, its staff member and item.</summary>
    public sealed class Worker(int index, string staffId, string windowId, string itemId, DateOnly firstDay)
    {
        private DateOnly _next = firstDay;

        public int Index { get; } = index;

        public string StaffId { get; } = staffId;

        public string WindowId { get; } = windowId;

        public string ItemId { get; } = itemId;

        public int Iterations { get; private set; }

        /// <summary>Ticket requests without a definite answer: each may have left a ticket waiting.</summary>
        public int UnknownTickets { get; set; }

        /// <summary>Why the window stopped serving visits (a visit could not go on); null while it serves.</summary>
        public string? Blocked { get; private set; }

        public System.Collections.Concurrent.ConcurrentQueue<string> PendingReviews { get; } = new();

        /// <summary>Visits whose review was sent at least once (a review sent again is the same command).</summary>
        public HashSet<string> ReviewsTried { get; } = new(StringComparer.Ordinal);

        public void Block(string reason) => Blocked ??= reason;

        /// <summary>The workday before the previous one (Monday to Friday; a holiday simply is not late).</summary>
        public DateOnly NextWorkday()
        {
            Iterations++;
            do
                _next = _next.AddDays(-1);
            while (_next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            return _next;
        }
    }
}
