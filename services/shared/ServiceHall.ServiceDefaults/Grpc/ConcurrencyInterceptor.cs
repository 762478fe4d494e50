using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// A change that lost a race with another (an optimistic concurrency check failed) is ABORTED — the caller may simply
/// try again — never UNKNOWN. Nothing was written: the transaction rolled back.
/// </summary>
public sealed class ConcurrencyInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw GrpcErrors.Aborted("The record changed at the same moment; nothing was written. Try again.");
        }
    }
}
