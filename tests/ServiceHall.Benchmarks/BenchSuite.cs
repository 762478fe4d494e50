using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ServiceHall.Testing;

namespace ServiceHall.Benchmarks;

/// <summary>
/// What is measured: PostgreSQL, RabbitMQ and Redis from Debian's packages (as the tests start them: passwords, one
/// least-privilege user per service), the four services as separate processes (Production environment, logs at
/// warning), the echo server, and later the standalone host.
/// </summary>
public sealed class BenchSuite : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private Process? _echo;
    private int _disposed;

    public InfraServer Postgres { get; private set; } = null!;

    public InfraServer RabbitMq { get; private set; } = null!;

    public InfraServer Redis { get; private set; } = null!;

    public ServiceProcess Attendance { get; private set; } = null!;

    public ServiceProcess Cases { get; private set; } = null!;

    public ServiceProcess Complaints { get; private set; } = null!;

    public ServiceProcess Discipline { get; private set; } = null!;

    public int EchoPort { get; } = FreePort.Next();

    public int OtlpPort { get; } = FreePort.Next();

    public int EchoPid => _echo?.Id ?? 0;

    /// <summary>Settings every benchmarked service gets: production's checks and intervals, logs at warning.</summary>
    public static Dictionary<string, string> ServiceSettings() => new()
    {
        // Clock-ins on past workdays: a distinct staff-day for every punch of the run.
        ["Attendance__MaxBackfill"] = "2000.00:00:00",
        // A late clock-in is a provisional fact until its day closed and settled (production: 5 minutes after the day's
        // last change, looked at every 30 s); here facts are final at the next check, once a second, so the events
        // flow while the load runs. Their latency is timed from the event's outbox row (see Measurements).
        ["Attendance__DayCheckInterval"] = "00:00:01",
        ["Attendance__FactSettleTime"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public static async Task<BenchSuite> StartAsync(BenchOptions options)
    {
        var suite = new BenchSuite();
        try
        {
            await suite.InitializeAsync();
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        // Stopped (SIGTERM, Ctrl-C) before the end: the services, the echo server and the servers go with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.CancelKeyPress += (_, _) => DisposeAsync().AsTask().GetAwaiter().GetResult();
        var started = Stopwatch.StartNew();
        var postgres = InfraServer.StartAsync("postgres");
        var rabbit = InfraServer.StartAsync("rabbitmq");
        var redis = InfraServer.StartAsync("redis");
        Postgres = Own(await postgres);
        RabbitMq = Own(await rabbit);
        Redis = Own(await redis);
        StartEcho();

        var servers = new SuiteServers(Postgres, RabbitMq, Redis);
        Attendance = Own(SuiteProcesses.Attendance(servers, ServiceSettings(), "bench-"));
        Cases = Own(SuiteProcesses.Cases(servers, ServiceSettings(), "bench-"));
        Complaints = Own(SuiteProcesses.Complaints(servers, ServiceSettings(), "bench-"));
        Discipline = Own(SuiteProcesses.Discipline(servers, ServiceSettings(), "bench-"));
        await Task.WhenAll(new[] { Attendance, Cases, Complaints, Discipline }.Select(s => s.StartAsync()));
        await WaitForEchoAsync();
        Console.WriteLine($"servers and services up in {started.Elapsed.TotalSeconds:F0} s");
    }

    private void StartEcho()
    {
        var self = typeof(BenchSuite).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { self, "echo", EchoPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                OtlpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _echo = Process.Start(psi) ?? throw new InvalidOperationException("the echo server did not start");
        _echo.OutputDataReceived += (_, _) => { };
        _echo.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("echo: " + e.Data); };
        _echo.BeginOutputReadLine();
        _echo.BeginErrorReadLine();
    }

    private async Task WaitForEchoAsync()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{EchoPort}");
        var health = new Health.HealthClient(channel);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                return;
            }
            catch (Grpc.Core.RpcException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The processes whose CPU a measurement reports, by name.</summary>
    public IReadOnlyList<(string Name, Func<int?> Pid)> Processes() =>
    [
        ("attendance", () => Attendance.ProcessId),
        ("cases", () => Cases.ProcessId),
        ("complaints", () => Complaints.ProcessId),
        ("discipline", () => Discipline.ProcessId),
        ("postgres", () => Postgres.Pid()),
        ("rabbitmq", () => RabbitMq.Pid()),
        ("redis", () => Redis.Pid()),
        ("echo", () => EchoPid),
        ("bench", () => Environment.ProcessId),
    ];

    public T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_echo is { HasExited: false })
        {
            _echo.Kill(entireProcessTree: true);
            await _echo.WaitForExitAsync();
        }
        _echo?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
