using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>How often one caller may call, per instance (<c>ServiceHall:RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "ServiceHall:RateLimits";

    /// <summary>Calls per second one caller (a token's subject) may make to any RPC, on average.</summary>
    public int PerCallerPerSecond { get; set; } = 100;

    /// <summary>How many calls one caller may make at once above the average (a badge reader at 08:55).</summary>
    public int PerCallerBurst { get; set; } = 200;

    /// <summary>
    /// Stricter limits per minute for single RPCs, by method name. <c>FindCasesByApplicant</c>: a person looks up a
    /// few applicants an hour, while enumerating ID numbers needs millions of calls.
    /// </summary>
    public Dictionary<string, int> PerMinute { get; } = new(StringComparer.Ordinal) { ["FindCasesByApplicant"] = 20 };
}

/// <summary>
/// Per-caller rate limits (token buckets, partitioned by the token's subject, or the peer without one): one call more
/// is <see cref="LimitReachedException"/> — RESOURCE_EXHAUSTED with <c>RetryInfo</c> — and does nothing. These protect
/// an instance; business limits that must hold across instances (anonymous submissions) live in the database.
/// </summary>
public sealed class RateLimitInterceptor : Interceptor, IDisposable
{
    private readonly PartitionedRateLimiter<(string Caller, string Method)> _everything;
    private readonly PartitionedRateLimiter<(string Caller, string Method)> _perMethod;

    public RateLimitInterceptor(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _everything = PartitionedRateLimiter.Create<(string Caller, string Method), string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key.Caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, limits.PerCallerBurst),
                TokensPerPeriod = Math.Max(1, limits.PerCallerPerSecond),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        _perMethod = PartitionedRateLimiter.Create<(string Caller, string Method), string>(key =>
            limits.PerMinute.TryGetValue(key.Method, out var perMinute)
                ? RateLimitPartition.GetTokenBucketLimiter($"{key.Method}|{key.Caller}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, perMinute),
                    TokensPerPeriod = Math.Max(1, perMinute),
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter($"{key.Method}|"));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Admit(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Admit(context);
        return continuation(request, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        var caller = context.GetHttpContext().User.Subject() is { Length: > 0 } subject ? "sub:" + subject : "peer:" + context.Peer;
        var key = (caller, method);
        using var specific = _perMethod.AttemptAcquire(key);
        if (!specific.IsAcquired)
            throw Refused(specific, $"{method} is limited per caller; try again later.");
        using var general = _everything.AttemptAcquire(key);
        if (!general.IsAcquired)
            throw Refused(general, "Too many calls from this caller; slow down.");
    }

    private static LimitReachedException Refused(RateLimitLease lease, string message) =>
        new(message, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));

    public void Dispose()
    {
        _everything.Dispose();
        _perMethod.Dispose();
    }
}
