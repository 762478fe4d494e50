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
    private readonly DefaultDeadlineInterceptor _interceptor;

    private DeadlineChannel(GrpcChannel inner, TimeSpan defaultDeadline) : base(inner.Target)
    {
        _inner = inner;
        DefaultDeadline = defaultDeadline;
        _interceptor = new DefaultDeadlineInterceptor(defaultDeadline);
    }

    public TimeSpan DefaultDeadline { get; }

    public static DeadlineChannel ForAddress(string address, TimeSpan? defaultDeadline = null) =>
        new(GrpcChannel.ForAddress(address), defaultDeadline ?? TimeSpan.FromSeconds(60));

    public override CallInvoker CreateCallInvoker() => _inner.CreateCallInvoker().Intercept(_interceptor);

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
