using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ServiceHall.Testing;

/// <summary>
/// A gRPC channel whose unary calls always have a deadline: the caller's, or <see cref="DefaultDeadline"/> from the
/// moment of the call. No test call can hang on a service that stopped answering.
/// </summary>
public sealed class DeadlineChannel : ChannelBase, IDisposable
{
    private readonly GrpcChannel _inner;
    private readonly Interceptor[] _interceptors;

    private DeadlineChannel(GrpcChannel inner, TimeSpan defaultDeadline, bool sendTwice) : base(inner.Target)
    {
        _inner = inner;
        DefaultDeadline = defaultDeadline;
        // Intercept(a, b) runs a first: each send of a mutating call sent twice gets its own default deadline.
        _interceptors = sendTwice
            ? [new SendTwiceInterceptor(), new DefaultDeadlineInterceptor(defaultDeadline)]
            : [new DefaultDeadlineInterceptor(defaultDeadline)];
    }

    public TimeSpan DefaultDeadline { get; }

    /// <summary>A channel to <c>address</c>; <c>sendTwice</c> sends every mutating call twice with one request id (<see cref="SendTwiceInterceptor"/>).</summary>
    public static DeadlineChannel ForAddress(string address, TimeSpan? defaultDeadline = null, bool sendTwice = false,
        HttpMessageHandler? handler = null) =>
        new(handler is null ? GrpcChannel.ForAddress(address) : GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler }),
            defaultDeadline ?? TimeSpan.FromSeconds(60), sendTwice);

    public override CallInvoker CreateCallInvoker() => _inner.CreateCallInvoker().Intercept(_interceptors);

    public void Dispose() => _inner.Dispose();

    private sealed class DefaultDeadlineInterceptor(TimeSpan deadline) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context,
            AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context,
            BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(
            ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class =>
            context.Options.Deadline is not null
                ? context
                : new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
                    context.Options.WithDeadline(DateTime.UtcNow + deadline));
    }
}
