using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Cases.Domain;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Cases.Grpc;

/// <summary>Tickets and calling.</summary>
public sealed partial class CasesGrpcService
{
    private const string Windows = $"{Roles.Staff},{Roles.System}";

    [Authorize(Roles = $"{Roles.System},{Roles.Kiosk},{Roles.Staff},{Roles.Office}")]
    public override async Task<V1.Ticket> TakeTicket(TakeTicketRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("request_id", request.RequestId).Id("item_id", request.ItemId).ThrowIfInvalid();
        return ToProto(await tickets.TakeAsync(request.RequestId, request.ItemId, context.Caller().Subject() ?? "",
            context.CancellationToken));
    }

    [Authorize(Roles = Windows)]
    public override async Task<CallNextTicketResponse> CallNextTicket(CallNextTicketRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).Id("staff_id", request.StaffId).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        await registry.RequireStaffAtWindowAsync(context.Caller(), request.WindowId, $"window '{request.WindowId}'",
            context.CancellationToken);
        var (ticket, waiting) = await tickets.CallNextAsync(request.WindowId, request.StaffId, context.CancellationToken);
        return new CallNextTicketResponse { Ticket = ticket is null ? null : ToProto(ticket), Waiting = waiting };
    }

    [Authorize(Roles = Windows)]
    public override async Task<V1.Ticket> RecallTicket(TicketActionRequest request, ServerCallContext context) =>
        ToProto(await tickets.RecallAsync(await ValidateActionAsync(request, context), request.StaffId, context.CancellationToken));

    [Authorize(Roles = Windows)]
    public override async Task<V1.Ticket> MarkNoShow(TicketActionRequest request, ServerCallContext context) =>
        ToProto(await tickets.NoShowAsync(await ValidateActionAsync(request, context), request.StaffId, context.CancellationToken));

    [Authorize(Roles = Windows)]
    public override async Task<V1.Ticket> StartService(TicketActionRequest request, ServerCallContext context) =>
        ToProto(await tickets.StartAsync(await ValidateActionAsync(request, context), request.StaffId, context.CancellationToken));

    [Authorize(Roles = Windows)]
    public override async Task<V1.Ticket> FinishService(TicketActionRequest request, ServerCallContext context) =>
        ToProto(await tickets.FinishAsync(await ValidateActionAsync(request, context), request.StaffId, context.CancellationToken));

    [Authorize(Roles = Windows)]
    public override async Task<V1.Ticket> TransferTicket(TransferTicketRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("ticket_id", request.TicketId).Id("staff_id", request.StaffId)
            .Id("to_window_id", request.ToWindowId).Text("reason", request.Reason, 200).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        await registry.RequireStaffAtTicketAsync(context.Caller(), request.TicketId, context.CancellationToken);
        return ToProto(await tickets.TransferAsync(request.TicketId, request.StaffId, request.ToWindowId,
            request.Reason.Trim(), context.CancellationToken));
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<V1.Ticket> GetTicket(GetTicketRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("ticket_id", request.TicketId).ThrowIfInvalid();
        return ToProto(await tickets.GetAsync(request.TicketId, context.CancellationToken));
    }

    [Authorize(Roles = Windows)]
    public override async Task<WindowCallingState> PauseWindow(PauseWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).Id("staff_id", request.StaffId)
            .Text("reason", request.Reason, 200).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        await registry.RequireStaffAtWindowAsync(context.Caller(), request.WindowId, $"window '{request.WindowId}'",
            context.CancellationToken);
        return ToProto(await tickets.PauseAsync(request.WindowId, request.StaffId, request.Reason.Trim(),
            context.CancellationToken));
    }

    [Authorize(Roles = Windows)]
    public override async Task<WindowCallingState> ResumeWindow(ResumeWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).Id("staff_id", request.StaffId).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        await registry.RequireStaffAtWindowAsync(context.Caller(), request.WindowId, $"window '{request.WindowId}'",
            context.CancellationToken);
        return ToProto(await tickets.ResumeAsync(request.WindowId, request.StaffId, context.CancellationToken));
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<WindowCallingState> GetWindowCallingState(GetWindowCallingStateRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).ThrowIfInvalid();
        return ToProto(await tickets.GetDeskAsync(request.WindowId, context.CancellationToken));
    }

    private async Task<string> ValidateActionAsync(TicketActionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("ticket_id", request.TicketId).Id("staff_id", request.StaffId).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        await registry.RequireStaffAtTicketAsync(context.Caller(), request.TicketId, context.CancellationToken);
        return request.TicketId;
    }

    private static V1.Ticket ToProto(Domain.Ticket t) => new()
    {
        TicketId = t.TicketId, Number = t.Number, ItemId = t.ItemId, Status = (V1.TicketStatus)(int)t.Status,
        TakenAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(t.TakenAt),
        WindowId = t.WindowId ?? t.TransferredToWindowId ?? "", StaffId = t.StaffId ?? "",
        ResponsibleStaffId = t.FirstStaffId ?? "", TransferredToWindowId = t.TransferredToWindowId ?? "",
        TransferReason = t.TransferReason ?? "", CallCount = t.CallCount, WaitSeconds = t.WaitSeconds,
        ServiceSeconds = t.ServiceSeconds,
    };

    private static WindowCallingState ToProto(ServingWindow desk) => new()
    {
        WindowId = desk.WindowId, Paused = desk.Paused, PausedReason = desk.PausedReason ?? "",
        ServiceItemIds = { desk.ItemIds },
    };
}
