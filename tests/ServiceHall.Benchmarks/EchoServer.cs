using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ServiceHall.Benchmarks;

/// <summary>
/// The limit a gRPC read is measured against: a bare ASP.NET Core gRPC server (the services' own stack, nothing of
/// theirs) answering <c>grpc.health.v1.Health/Check</c> with a constant, over h2c on loopback. The same process takes
/// OTLP over HTTP (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) and drops it: the collector the tracing
/// measurement exports to. Run as its own process (<c>echo PORT OTLP_PORT</c>) so its CPU is its own.
/// </summary>
public static class EchoServer
{
    public static async Task RunAsync(int grpcPort, int otlpPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(grpcPort, o => o.Protocols = HttpProtocols.Http2);
            k.ListenLocalhost(otlpPort, o => o.Protocols = HttpProtocols.Http1AndHttp2);
        });
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<ConstantHealth>();
        long received = 0;
        foreach (var signal in new[] { "traces", "metrics", "logs" })
        {
            app.MapPost($"/v1/{signal}", async (HttpContext context) =>
            {
                using var sink = new MemoryStream();
                await context.Request.Body.CopyToAsync(sink);
                Interlocked.Add(ref received, sink.Length);
                context.Response.ContentType = "application/x-protobuf";
                return Results.Empty; // an empty Export*ServiceResponse: everything accepted
            });
        }
        app.MapGet("/received", () => Interlocked.Read(ref received));
        await app.RunAsync();
    }

    private sealed class ConstantHealth : Health.HealthBase
    {
        private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
            Task.FromResult(Serving);
    }
}
