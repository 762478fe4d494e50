using System.Data.Common;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// The edge where what went wrong becomes a gRPC status — the only place (the outermost interceptor):
/// <list type="bullet">
/// <item>A <see cref="HallException"/> thrown by application code or validation becomes its status with
/// <c>google.rpc</c> details (<see cref="GrpcErrors.ToRpcException"/>).</item>
/// <item>A change that lost a race with another (an optimistic concurrency check failed) is ABORTED — the caller may
/// simply try again. Nothing was written: the transaction rolled back.</item>
/// <item>The database unreachable, restarting or shutting down (a transient error) is UNAVAILABLE, never UNKNOWN or
/// INTERNAL: the caller retries with the same request id, which answers the original result if the write did
/// commit before the connection broke, and writes it once otherwise.</item>
/// </list>
/// </summary>
public sealed class ErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    private static RpcException? Translate(Exception exception, ServerCallContext context) => exception switch
    {
        HallException problem => GrpcErrors.ToRpcException(problem),
        DbUpdateConcurrencyException => GrpcErrors.ToRpcException(
            new ConflictException("The record changed at the same moment; nothing was written. Try again.")),
        _ when IsTransient(exception) && !context.CancellationToken.IsCancellationRequested =>
            new RpcException(new Status(StatusCode.Unavailable,
                "The database is unavailable for a moment; try again with the same request id.")),
        _ => null,
    };

    /// <summary>A transient database failure anywhere in the chain: connection refused or broken, server restarting.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException { IsTransient: true } or SocketException or EndOfStreamException)
                return true;
            if (ex is DbException { SqlState: { } state } &&
                (state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03"))
                return true;
        }
        return false;
    }
}
