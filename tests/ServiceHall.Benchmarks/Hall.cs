using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.Benchmarks;

/// <summary>
/// A hall to load: one unit, 40 windows each offering its own item with one staff member on post today (for visits),
/// 200 more staff at those windows (a clock-in is a distinct staff member and past workday every time), a registered
/// badge reader at the 40 windows (it sends the clock-ins) and a registered wall display (it reads the windows).
/// The calls go over plain gRPC channels, one per service, with several HTTP/2 connections allowed.
/// </summary>
public sealed class Hall : IDisposable
{
    public const int Windows = 40;
    public const int PunchStaff = 200;
    private static readonly TimeZoneInfo HallZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Metadata _office = TestAuth.Bearer("bench-office", Roles.Office);
    private readonly Metadata _kiosk = TestAuth.Bearer("bench-kiosk", Roles.System);
    private readonly Metadata _reader;
    private readonly Metadata _wall;
    private readonly GrpcChannel[] _channels;
    private readonly SemaphoreSlim[] _windowBusy = [.. Enumerable.Range(0, Windows).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly DateOnly[] _workdays;
    private long _punches = -1;
    private long _reads = -1;

    public Hall(string name, string attendanceUrl, string casesUrl)
    {
        Name = name;
        _reader = TestAuth.ClientBearer($"{name}-reader");
        _wall = TestAuth.ClientBearer($"{name}-wall");
        var attendance = Channel(attendanceUrl);
        var cases = casesUrl == attendanceUrl ? attendance : Channel(casesUrl);
        _channels = attendance == cases ? [attendance] : [attendance, cases];
        Attendance = new AttendanceService.AttendanceServiceClient(attendance);
        Cases = new CasesService.CasesServiceClient(cases);
        // Past Monday-Friday workdays, newest first, from ten days back (within Attendance:MaxBackfill).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, HallZone).DateTime);
        _workdays = [.. Enumerable.Range(10, 1800).Select(n => today.AddDays(-n))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(1250)];
    }

    public string Name { get; }

    public AttendanceService.AttendanceServiceClient Attendance { get; }

    public CasesService.CasesServiceClient Cases { get; }

    public string Unit => $"{Name}-unit";

    public string Window(int w) => $"{Name}-w{w}";

    public string Item(int w) => $"{Name}-item{w}";

    public string VisitStaff(int w) => $"{Name}-v{w}";

    public string PunchStaffId(long i) => $"{Name}-s{i}";

    private static GrpcChannel Channel(string url) => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    });

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(10);

    public async Task SetUpAsync()
    {
        await Attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = Unit, Name = "基准测试 " + Name }, _office);
        await Parallel.ForEachAsync(Enumerable.Range(0, Windows), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (w, cancel) =>
            {
                await Cases.PublishServiceItemAsync(new PublishServiceItemRequest
                {
                    ItemId = Item(w), Name = "社会保障卡申领", ApprovingUnitId = Unit, Content = "申领社保卡",
                    LegalBasis = "《社会保险法》", ProcedureSteps = { "受理", "制卡" },
                    Materials = { new Material { MaterialId = "m-id", Name = "身份证" } },
                    CommittedDays = 5, StatutoryDays = 20, ResultForm = "社会保障卡",
                }, _office, cancellationToken: cancel);
                await Attendance.CreateWindowAsync(new CreateWindowRequest
                    { WindowId = Window(w), UnitId = Unit, Name = $"基准 {w} 号", ServiceItemIds = { Item(w) } }, _office, cancellationToken: cancel);
                await Attendance.RegisterStaffAsync(new RegisterStaffRequest
                    { StaffId = VisitStaff(w), DisplayName = "窗口" + w, UnitId = Unit, WindowId = Window(w) }, _office, cancellationToken: cancel);
            });
        await Parallel.ForEachAsync(Enumerable.Range(0, PunchStaff), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, cancel) => await Attendance.RegisterStaffAsync(new RegisterStaffRequest
            {
                StaffId = PunchStaffId(i), DisplayName = "考勤" + i, UnitId = Unit, WindowId = Window(i % Windows),
            }, _office, cancellationToken: cancel));
        await Attendance.RegisterClientAsync(new RegisterClientRequest
        {
            ClientId = $"{Name}-reader", Kind = ClientKind.BadgeReader, Name = "基准考勤机",
            WindowIds = { Enumerable.Range(0, Windows).Select(Window) },
        }, _office);
        await Attendance.RegisterClientAsync(new RegisterClientRequest
            { ClientId = $"{Name}-wall", Kind = ClientKind.Display, Name = "基准大屏" }, _office);
        for (var w = 0; w < Windows; w++)
        {
            await Attendance.ClockInAsync(new ClockInRequest
                { PunchId = Guid.NewGuid().ToString(), StaffId = VisitStaff(w), DeviceId = $"{Name}-reader" }, _reader);
        }
        for (var w = 0; w < Windows; w++)
        {
            var window = Window(w);
            await Eventually.Until(async () =>
            {
                try
                {
                    return (await Cases.GetWindowCallingStateAsync(new GetWindowCallingStateRequest { WindowId = window },
                        _office)).ServiceItemIds.Count;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return 0;
                }
            }, n => n == 1, TimeSpan.FromSeconds(60), $"cases to learn window {window}");
        }
    }

    /// <summary>A clock-in by the badge reader for a staff member and past workday not punched before in this run.</summary>
    /// <param name="late">At 09:01-09:50 hall time (late: an attendance fact for discipline), else at 08:50.</param>
    public async Task<(string StaffId, DateOnly Day, bool Late)> ClockInAsync(bool late)
    {
        var k = Interlocked.Increment(ref _punches);
        var staff = PunchStaffId(k % PunchStaff);
        var day = _workdays[k / PunchStaff % _workdays.Length];
        var time = late ? new TimeOnly(9, 1 + (int)(k % 50)) : new TimeOnly(8, 50);
        var at = new DateTimeOffset(day.ToDateTime(time), TimeSpan.FromHours(8));
        var reply = await Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = $"{Name}-reader",
            PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, _reader, Deadline());
        return (staff, day, reply.Late);
    }

    /// <summary>The wall display reading one window's status (a cached read).</summary>
    public async Task ReadWindowAsync()
    {
        var w = (int)(Interlocked.Increment(ref _reads) % Windows);
        var status = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = Window(w) }, _wall,
            Deadline());
        if (status.WindowId.Length == 0)
            throw new InvalidOperationException("an empty window status");
    }

    /// <summary>
    /// A citizen's visit at window <c>i % 40</c>, from ticket to finish: the ticket, called, served, an application
    /// received (with the applicant's name, ID number and phone) and the service finished. A window serves one visit
    /// at a time; a visit waits for its window as a citizen would.
    /// </summary>
    public async Task VisitAsync(long i)
    {
        var w = (int)(i % Windows);
        var ticket = await Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = Item(w) },
            _kiosk, Deadline());
        await _windowBusy[w].WaitAsync();
        try
        {
            var called = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = Window(w), StaffId = VisitStaff(w) },
                _kiosk, Deadline());
            var ticketId = called.Ticket.TicketId;
            await Cases.StartServiceAsync(new TicketActionRequest { TicketId = ticketId, StaffId = VisitStaff(w) }, _kiosk, Deadline());
            await Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
            {
                RequestId = Guid.NewGuid().ToString(), ItemId = Item(w), TicketId = ticketId, StaffId = VisitStaff(w),
                Applicant = new ApplicantData { Name = "孙八", IdNumber = "110101198505051234", Phone = "13900001111" },
                SubmittedMaterialIds = { "m-id" },
            }, _kiosk, Deadline());
            await Cases.FinishServiceAsync(new TicketActionRequest { TicketId = ticketId, StaffId = VisitStaff(w) }, _kiosk, Deadline());
            _ = ticket;
        }
        finally
        {
            _windowBusy[w].Release();
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        foreach (var busy in _windowBusy)
            busy.Dispose();
    }
}

/// <summary>When each late clock-in was answered, by staff member and day: discipline's violation is timed from it.</summary>
public sealed class LateAnswers
{
    public ConcurrentDictionary<(string StaffId, DateOnly Day), DateTimeOffset> AnsweredAt { get; } = new();
}
