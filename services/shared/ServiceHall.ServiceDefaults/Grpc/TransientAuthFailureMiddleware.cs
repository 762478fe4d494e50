using Microsoft.AspNetCore.Http;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// A caller's token is judged against the staff registry before the call reaches the service (the claims
/// transformation asks the database once per call). When the database is away for a moment, that is a transient
/// failure like any other: the call answers UNAVAILABLE (a gRPC trailers-only response), so the caller retries with its
/// request id — not UNKNOWN from an exception the gRPC interceptors never saw.
/// </summary>
public sealed class TransientAuthFailureMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ErrorInterceptor.IsTransient(ex) && !context.Response.HasStarted &&
                                   !context.RequestAborted.IsCancellationRequested &&
                                   context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14"; // UNAVAILABLE
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(
                "The database is unavailable for a moment; try again with the same request id.");
        }
    }
}
