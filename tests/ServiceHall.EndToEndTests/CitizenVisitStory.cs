using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// A citizen's visit over gRPC only: an item with its nine disclosures, a staffed window offering it (attendance tells
/// cases over the bus), a ticket taken, called and served — the wall shows the window serving it — and an application
/// received from the visit and accepted. The same story runs on the distributed suite and the standalone host.
/// </summary>
public sealed class CitizenVisitStory(ChannelBase attendance, ChannelBase cases, ChannelBase? complaints = null,
    string unitId = "unit-hr")
{
    private readonly Metadata _office = TestAuth.Bearer("office-e2e", Roles.Office);

    public Metadata Kiosk { get; } = TestAuth.Bearer("kiosk-e2e", Roles.System);

    public AttendanceService.AttendanceServiceClient Attendance { get; } = new(attendance);

    public CasesService.CasesServiceClient Cases { get; } = new(cases);

    public ServiceHall.Complaints.V1.ComplaintsService.ComplaintsServiceClient Complaints { get; } =
        new(complaints ?? cases);

    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Item => $"item-{Id}";

    public string Window => $"w-{Id}";

    public string Staff => $"s-{Id}";

    public string IdNumber { get; } = "11010119850505" + Random.Shared.Next(1000, 9999);

    public const string ApplicantName = "孙八";

    public string Unit => unitId;

    /// <summary>
    /// The item, the unit, the window with the item, and its staff member on post (clocked in at
    /// <paramref name="clockInAt"/>, or now).
    /// </summary>
    public async Task SetUpAsync(DateTimeOffset? clockInAt = null)
    {
        await Cases.PublishServiceItemAsync(new PublishServiceItemRequest
        {
            ItemId = Item, Name = "社会保障卡申领", ApprovingUnitId = unitId, Content = "申领社保卡", LegalBasis = "《社会保险法》",
            ProcedureSteps = { "受理", "制卡" }, Materials = { new ServiceHall.Cases.V1.Material { MaterialId = "m-id", Name = "身份证" } },
            CommittedDays = 5, StatutoryDays = 20, ResultForm = "社会保障卡",
        }, _office);
        try
        {
            await Attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = unitId, Name = "人社局 " + unitId }, _office);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Another story of the suite created it.
        }
        await Attendance.CreateWindowAsync(new CreateWindowRequest
            { WindowId = Window, UnitId = unitId, Name = "社保 9号", ServiceItemIds = { Item } }, _office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest
            { StaffId = Staff, DisplayName = "周九", UnitId = unitId, WindowId = Window }, _office);
        await Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = Staff, DeviceId = "reader-e2e",
            PunchedAt = clockInAt is { } at ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at) : null,
        }, Kiosk);
        await Eventually.Until(async () =>
        {
            try
            {
                return (await Cases.GetWindowCallingStateAsync(new GetWindowCallingStateRequest { WindowId = Window }, _office)).ServiceItemIds.Count;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return 0;
            }
        }, n => n == 1, TimeSpan.FromSeconds(60), "the cases service to learn the window");
    }

    /// <summary>Ticket, call, service, intake; <paramref name="ticketHeaders"/> may carry a traceparent.</summary>
    public async Task<(ServiceHall.Cases.V1.Ticket Ticket, Case Case)> VisitAsync(Metadata? ticketHeaders = null)
    {
        var headers = new Metadata();
        foreach (var entry in Kiosk.Concat(ticketHeaders ?? []))
            headers.Add(entry);
        var ticket = await Cases.TakeTicketAsync(new TakeTicketRequest { RequestId = Guid.NewGuid().ToString(), ItemId = Item }, headers);
        var called = await Cases.CallNextTicketAsync(new CallNextTicketRequest { WindowId = Window, StaffId = Staff }, Kiosk);
        Assert.Equal(ticket.TicketId, called.Ticket.TicketId);
        await Cases.StartServiceAsync(new TicketActionRequest { TicketId = ticket.TicketId, StaffId = Staff }, Kiosk);
        var wall = await Eventually.Until(
            () => Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = Window }, _office).ResponseAsync,
            s => s.State == WindowState.Serving && s.ServingTicketId == ticket.TicketId, TimeSpan.FromSeconds(30),
            "the wall to show the window serving this ticket");
        // The wall follows events: until the previous visit's finish and this start are heard it may still show the
        // previous ticket, so the story waits for this one rather than for any serving state.
        Assert.Equal(WindowState.Serving, wall.State);
        var accepted = await Cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = Item, TicketId = ticket.TicketId, StaffId = Staff,
            Applicant = new ApplicantData { Name = ApplicantName, IdNumber = IdNumber, Phone = "13900001111" },
            SubmittedMaterialIds = { "m-id" },
        }, Kiosk);
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, accepted.Status);
        Assert.Matches(@"^SH\d{8}-\d{4}$", accepted.CaseNumber);
        Assert.Equal(Staff, accepted.ResponsibleStaffId);
        Assert.False(accepted.ApplicantUnmasked); // a kiosk token is not the responsible staff member
        Assert.Equal(IdNumber[..3] + "***********" + IdNumber[^4..], accepted.Applicant.IdNumber);
        await Cases.FinishServiceAsync(new TicketActionRequest { TicketId = ticket.TicketId, StaffId = Staff }, Kiosk);
        return (ticket, accepted);
    }

    /// <summary>The citizen rates the finished service (once the complaints service has heard it finished).</summary>
    public Task<ServiceHall.Complaints.V1.Review> ReviewAsync(string ticketId, ServiceHall.Complaints.V1.Grade grade) =>
        Eventually.Until(async () =>
        {
            try
            {
                return await Complaints.SubmitReviewAsync(new ServiceHall.Complaints.V1.SubmitReviewRequest
                {
                    RequestId = "review-" + ticketId, TicketId = ticketId, Grade = grade, SourceId = "pad-" + Id,
                }, Kiosk);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        }, r => r is not null, TimeSpan.FromSeconds(30), "the review to be accepted")!;
}
