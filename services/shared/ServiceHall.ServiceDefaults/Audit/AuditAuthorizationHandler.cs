using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// Calls refused before they reach the service — no token, a bad token, or a role the RPC does not allow — are
/// recorded too (they never reach <see cref="AuditInterceptor"/>), then answered as usual.
/// </summary>
public sealed class AuditAuthorizationHandler(AuditWriter writer, AuditChains chains) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) &&
            context.Request.Path.Value is { } path && chains.Find(path, null) is { } chain)
        {
            var code = authorizeResult.Challenged ? StatusCode.Unauthenticated : StatusCode.PermissionDenied;
            var peer = context.Connection.RemoteIpAddress is { } ip ? $"{ip}:{context.Connection.RemotePort}" : "";
            var entry = AuditInterceptor.Entry(chain.Service, path, AuditKinds.Refused, code, context.User, peer, [],
                context.Request.Headers[Grpc.IdempotencyInterceptor.Header].FirstOrDefault());
            try
            {
                await writer.AppendAsync(chain.ContextType, entry, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The call is refused anyway; an unrecorded refusal is answered as the database being away.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
