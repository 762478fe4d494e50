using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// The distributed suite as production runs it: PostgreSQL, RabbitMQ and Redis from Debian's packages, the Aspire
/// dashboard as the trace backend, and the four services as separate processes exporting OTLP to it, serving gRPC over
/// TLS with the suite's own CA and taking its client certificates (mutual TLS for machine clients).
/// </summary>
public sealed class DistributedSuiteFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public InfraServer Postgres { get; private set; } = null!;

    /// <summary>The hall's CA for this suite: every service serves TLS and takes its client certificates.</summary>
    public TestCertificates Certificates { get; } = TestCertificates.Create("suite");

    public DashboardProcess Dashboard { get; private set; } = null!;

    public ServiceProcess Attendance { get; private set; } = null!;

    public ServiceProcess Cases { get; private set; } = null!;

    public ServiceProcess Complaints { get; private set; } = null!;

    public ServiceProcess Discipline { get; private set; } = null!;

    public string AttendanceDatabase => Postgres.ConnectionString("servicehall_attendance");

    public async ValueTask InitializeAsync()
    {
        var postgres = InfraServer.StartAsync("postgres");
        var rabbit = InfraServer.StartAsync("rabbitmq");
        var redis = InfraServer.StartAsync("redis");
        var dashboard = DashboardProcess.StartAsync();
        Postgres = Own(await postgres);
        var rabbitMq = Own(await rabbit);
        var redisServer = Own(await redis);
        Dashboard = Own(await dashboard);

        var servers = new SuiteServers(Postgres, rabbitMq, redisServer);
        var telemetry = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Dashboard.OtlpEndpoint,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
        };
        Attendance = Own(SuiteProcesses.Attendance(servers, telemetry, tls: Certificates));
        Cases = Own(SuiteProcesses.Cases(servers, telemetry, tls: Certificates));
        Complaints = Own(SuiteProcesses.Complaints(servers, telemetry, tls: Certificates));
        Discipline = Own(SuiteProcesses.Discipline(servers, telemetry, tls: Certificates));
        await Task.WhenAll(Attendance.StartAsync(), Cases.StartAsync(), Complaints.StartAsync(), Discipline.StartAsync());
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        // Services first, then the servers they use.
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
        Certificates.Dispose();
    }
}
