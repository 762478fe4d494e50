using System.Diagnostics;
using System.Security.Claims;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// Writes the audit record of a call once it has its outcome: every call that changes something (the RPCs the protos
/// do not mark NO_SIDE_EFFECTS), every call refused (PERMISSION_DENIED, UNAUTHENTICATED) and every read whose answer
/// carries a citizen's data unmasked (a <c>*_unmasked</c> flag set). The record holds the ids the request and answer
/// name — never names, ID numbers, phones or texts. A call whose record cannot be written fails UNAVAILABLE (a change
/// has taken effect and answers the same when sent again with its request id, and is recorded then): no unrecorded
/// success.
/// </summary>
public sealed class AuditInterceptor(AuditWriter writer, AuditChains chains) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            await RecordAsync(context, request as IMessage, null, e.StatusCode);
            throw;
        }

        await RecordAsync(context, request as IMessage, response as IMessage, StatusCode.OK);
        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            await RecordAsync(context, request as IMessage, null, e.StatusCode);
            throw;
        }
    }

    private async Task RecordAsync(ServerCallContext context, IMessage? request, IMessage? response, StatusCode code)
    {
        var refused = code is StatusCode.PermissionDenied or StatusCode.Unauthenticated;
        var change = request is not null && !IdempotencyInterceptor.IsRead(context.Method, request);
        var unmasked = response is not null && Unmasked(response);
        if (!refused && !change && !unmasked)
            return;
        if (chains.Find(context.Method, request) is not { } chain)
            return;
        var kind = refused ? AuditKinds.Refused : change ? AuditKinds.Change : AuditKinds.PersonalDataRead;
        var user = context.GetHttpContext()?.User ?? new ClaimsPrincipal();
        var entry = Entry(chain.Service, context.Method, kind, code, user, context.Peer,
            [.. IdsOf(request), .. IdsOf(response)], context.RequestHeaders.GetValue(IdempotencyInterceptor.Header));
        await AppendAsync(writer, chain, entry);
    }

    internal static AuditEntry Entry(string service, string method, string kind, StatusCode code, ClaimsPrincipal user,
        string? peer, IEnumerable<string> ids, string? requestId)
    {
        var identity = user.Identity as ClaimsIdentity;
        var roles = identity is null ? [] : identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Distinct(StringComparer.Ordinal);
        return new AuditEntry(service, method, kind, Name(code), user.Subject() ?? "", user.ClientId() ?? "",
            string.Join(',', roles), peer ?? "", ids.Distinct(StringComparer.Ordinal).Take(40).ToList(), requestId ?? "",
            Activity.Current?.TraceId.ToHexString() ?? "");
    }

    internal static async Task AppendAsync(AuditWriter writer, AuditChains.Chain chain, AuditEntry entry)
    {
        try
        {
            // Not the caller's cancellation: a call that ran is recorded even if its caller has gone.
            await writer.AppendAsync(chain.ContextType, entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                "The audit trail could not be written; a change has taken effect: send the call again with the same request id."));
        }
    }

    /// <summary>UPPER_SNAKE, as gRPC names codes on the wire and in the docs.</summary>
    internal static string Name(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => code.ToString().ToUpperInvariant(),
    };

    /// <summary>Top-level ids of a message: <c>field=value</c> for every non-empty <c>*_id</c> and <c>*_ids</c> field.</summary>
    internal static IEnumerable<string> IdsOf(IMessage? message)
    {
        if (message is null)
            yield break;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.String)
                continue;
            if (field.IsRepeated && field.Name.EndsWith("_ids", StringComparison.Ordinal))
            {
                foreach (var value in ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).Cast<string>().Take(20))
                    yield return $"{field.Name}={value}";
            }
            else if (!field.IsRepeated && field.Name.EndsWith("_id", StringComparison.Ordinal) &&
                     field.Accessor.GetValue(message) is string { Length: > 0 } id)
            {
                yield return $"{field.Name}={id}";
            }
        }
        // Repeated messages that carry personal data (cases by applicant) name their objects too.
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder()
                     .Where(f => f is { IsRepeated: true, FieldType: FieldType.Message }))
        {
            foreach (var item in ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).OfType<IMessage>().Where(Unmasked).Take(20))
            {
                foreach (var id in IdsOf(item))
                    yield return id;
            }
        }
    }

    /// <summary>An answer that carries personal data unmasked: a <c>*_unmasked</c> flag set, here or in a repeated message.</summary>
    internal static bool Unmasked(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field is { FieldType: FieldType.Bool, IsRepeated: false } && field.Name.EndsWith("_unmasked", StringComparison.Ordinal) &&
                field.Accessor.GetValue(message) is true)
                return true;
            if (field is { IsRepeated: true, FieldType: FieldType.Message } &&
                ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).OfType<IMessage>().Any(Unmasked))
                return true;
        }
        return false;
    }
}
