using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Testing;

/// <summary>
/// Every mutating unary call is sent twice with the same request id (one is added when the caller gave none), as a
/// client does after a lost answer: the second answer must be the first one — the same message, or the same error
/// code — or the call fails with <see cref="ReplayMismatchException"/>. Reads (the protos' <c>NO_SIDE_EFFECTS</c>)
/// go once. Used by the integration tests' channels, so every mutating RPC they make is also a retry test; the
/// methods replayed are written to <c>$SERVICEHALL_REPLAY_REPORT</c> when the process ends.
/// </summary>
public sealed class SendTwiceInterceptor : Interceptor
{
    private static readonly ConcurrentDictionary<string, int> Replayed = new(StringComparer.Ordinal);

    static SendTwiceInterceptor()
    {
        if (Environment.GetEnvironmentVariable("SERVICEHALL_REPLAY_REPORT") is { Length: > 0 } report)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(report,
                Replayed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}"));
        }
    }

    /// <summary>The methods whose second answer matched the first, with how often.</summary>
    public static IReadOnlyDictionary<string, int> ReplayedMethods => Replayed;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        // Only the suite's own services record answers (not grpc.health, reflection).
        if (request is not IMessage message || !context.Method.FullName.StartsWith("/servicehall.", StringComparison.Ordinal) ||
            IdempotencyInterceptor.IsRead(context.Method.FullName, message))
            return continuation(request, context);
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? [])
            headers.Add(entry);
        if (headers.GetValue(IdempotencyInterceptor.Header) is null)
            headers.Add(IdempotencyInterceptor.Header, Guid.NewGuid().ToString());
        var withId = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
            context.Options.WithHeaders(headers));
        var first = continuation(request, withId);
        var answer = TwiceAsync(first, () => continuation(request, withId), context.Method.FullName,
            headers.GetValue(IdempotencyInterceptor.Header)!);
        return new AsyncUnaryCall<TResponse>(answer, first.ResponseHeadersAsync, first.GetStatus, first.GetTrailers,
            first.Dispose);
    }

    private static async Task<TResponse> TwiceAsync<TResponse>(AsyncUnaryCall<TResponse> first,
        Func<AsyncUnaryCall<TResponse>> again, string method, string requestId)
        where TResponse : class
    {
        TResponse? answer = null;
        RpcException? error = null;
        try
        {
            answer = await first.ResponseAsync;
        }
        catch (RpcException ex)
        {
            error = ex;
        }
        // A lost race, a restart or a timeout is not an answer: a retry may rightly answer otherwise.
        if (error is { StatusCode: StatusCode.Aborted or StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled })
            throw error;

        using var second = again();
        try
        {
            var repeated = await second.ResponseAsync;
            if (error is not null)
                throw new ReplayMismatchException($"{method} (request id {requestId}) failed with {error.StatusCode} first, then succeeded when sent again.");
            if (!Equals(answer, repeated))
                throw new ReplayMismatchException($"{method} (request id {requestId}) answered differently when sent again: {answer} / {repeated}");
            Replayed.AddOrUpdate(method, 1, (_, n) => n + 1);
            return answer!;
        }
        catch (RpcException ex)
        {
            if (error is null)
                throw new ReplayMismatchException($"{method} (request id {requestId}) succeeded first, then failed with {ex.StatusCode} when sent again.", ex);
            if (ex.StatusCode != error.StatusCode)
                throw new ReplayMismatchException($"{method} (request id {requestId}) failed with {error.StatusCode} first and {ex.StatusCode} when sent again.", ex);
            throw error;
        }
    }
}

/// <summary>A mutating call sent again with its request id did not answer as the first time.</summary>
public sealed class ReplayMismatchException : Exception
{
    public ReplayMismatchException(string message) : base(message)
    {
    }

    public ReplayMismatchException(string message, Exception inner) : base(message, inner)
    {
    }

    public ReplayMismatchException()
    {
    }
}
