using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Grpc;

/// <summary>The client registry: which machines may call, bound to which windows and units.</summary>
public sealed partial class AttendanceGrpcService
{
    private const int MaxClientWindows = 50;
    private const int MaxClientUnits = 100;

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<ClientInfo> RegisterClient(RegisterClientRequest request, ServerCallContext context)
    {
        var kind = (Domain.ClientKind)(int)request.Kind;
        var validator = new RequestValidator()
            .Id("client_id", request.ClientId)
            .Text("name", request.Name, 200)
            .Check(request.Kind != V1.ClientKind.Unspecified && System.Enum.IsDefined(request.Kind), "kind",
                "must be a known ClientKind");
        if (kind == Domain.ClientKind.BadgeReader)
        {
            validator.Check(request.WindowIds.Count is > 0 and <= MaxClientWindows, "window_ids",
                $"a badge reader stands at 1 to {MaxClientWindows} windows");
        }
        else
        {
            validator.Check(request.WindowIds.Count == 0, "window_ids", "only a badge reader stands at windows");
        }
        if (kind == Domain.ClientKind.Platform)
        {
            validator.Check(request.UnitIds.Count is > 0 and <= MaxClientUnits, "unit_ids",
                $"a platform serves 1 to {MaxClientUnits} units");
        }
        else
        {
            validator.Check(request.UnitIds.Count == 0, "unit_ids",
                "only a platform names its units (a badge reader's are its windows' units)");
        }
        foreach (var id in request.WindowIds.Take(MaxClientWindows + 1))
            validator.Id("window_ids", id);
        foreach (var id in request.UnitIds.Take(MaxClientUnits + 1))
            validator.Id("unit_ids", id);
        validator.ThrowIfInvalid();
        RequireBureauLeaderForTrusted(context, kind);
        return ToProto(await clients.RegisterAsync(request.ClientId, kind, request.Name.Trim(), request.WindowIds,
            request.UnitIds, context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<ClientInfo> SetClientEnabled(SetClientEnabledRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("client_id", request.ClientId);
        if (!request.Enabled || request.Reason.Length > 0)
            validator.Text("reason", request.Reason, 500);
        validator.ThrowIfInvalid();
        var client = await clients.FindAsync(request.ClientId, context.CancellationToken);
        RequireBureauLeaderForTrusted(context, client.Kind);
        return ToProto(await clients.SetEnabledAsync(request.ClientId, request.Enabled, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<ListClientsResponse> ListClients(ListClientsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var page = validator.Page(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var (rows, next) = await clients.ListAsync(page, context.CancellationToken);
        return new ListClientsResponse { Clients = { rows.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    /// <summary>A trusted client may do what any machine may, hall-wide: only a bureau leader registers or changes one.</summary>
    private static void RequireBureauLeaderForTrusted(ServerCallContext context, Domain.ClientKind kind)
    {
        if (kind == Domain.ClientKind.Trusted && !context.Caller().IsInRole(Roles.BureauLeader))
            throw new NotPermittedException("Only a bureau leader registers or changes a trusted client.");
    }

    private static ClientInfo ToProto(MachineClient client) => new()
    {
        ClientId = client.ClientId,
        Kind = (V1.ClientKind)(int)client.Kind,
        Name = client.Name,
        WindowIds = { client.WindowIds },
        UnitIds = { client.UnitIds },
        Enabled = client.Enabled,
        RegisteredBy = client.RegisteredBy,
        RegisteredAt = Timestamp.FromDateTimeOffset(client.RegisteredAt),
        ChangedBy = client.ChangedBy,
        ChangedAt = client.ChangedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        ChangeReason = client.ChangeReason,
    };
}
