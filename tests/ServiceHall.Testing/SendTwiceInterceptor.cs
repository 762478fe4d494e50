using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Testing;

/// <summary>
/// Every mutating unary call is sent twice with the same request id (one is added when the caller gave none), as a
/// client does after a lost answer: a call that succeeded is sent again and must get the same message, or the call
/// fails with <see cref="ReplayMismatchException"/> (a refusal is not recorded, so it is not sent again). Reads (the protos' <c>NO_SIDE_EFFECTS</c>)
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
        // A refusal is not recorded (the next try may find the world changed: an event arrived, a limit passed), so
        // only a call that succeeded is sent again, and must answer as the first time.
        var answer = await first.ResponseAsync;
        using var second = again();
        TResponse repeated;
        try
        {
            repeated = await second.ResponseAsync;
        }
        catch (RpcException ex)
        {
            throw new ReplayMismatchException(
                $"{method} (request id {requestId}) succeeded first, then failed with {ex.StatusCode} when sent again.", ex);
        }
        if (!Equals(answer, repeated))
        {
            throw new ReplayMismatchException(
                $"{method} (request id {requestId}) answered differently when sent again: {answer} / {repeated}");
        }
        Replayed.AddOrUpdate(method, 1, (_, n) => n + 1);
        return answer;
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
