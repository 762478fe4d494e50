using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ServiceHall.ServiceDefaults;
using ServiceHall.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ServiceHall.EndToEndTests;

/// <summary>
/// <c>dotnet run --project deploy/AppHost</c> as a developer runs it: PostgreSQL, RabbitMQ and Redis as executables,
/// the four services on 5101-5104 in the Development environment, and the Aspire dashboard on 18888.
/// Its ports are fixed (DESIGN.md §6), so they must be free when this test runs.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    /// <summary>The AppHost's profile (ServiceHall:Profile); null: the developer's.</summary>
    protected virtual string? Profile => null;

    private static readonly int[] FixedPorts =
    [
        InfrastructureNames.Ports.Attendance, InfrastructureNames.Ports.Cases, InfrastructureNames.Ports.Complaints,
        InfrastructureNames.Ports.Discipline, InfrastructureNames.Ports.DashboardUi, InfrastructureNames.Ports.OtlpGrpc,
        InfrastructureNames.Ports.Postgres, InfrastructureNames.Ports.RabbitMq, InfrastructureNames.Ports.Redis,
        // The production-like profile's servers.
        InfrastructureNames.Ports.Postgres + 10000, InfrastructureNames.Ports.RabbitMq + 10000, InfrastructureNames.Ports.Redis + 10000,
    ];

    private Process? _appHost;
    private string _log = Path.Combine(Path.GetTempPath(), "servicehall-tests", "logs", "apphost.log");

    public DeadlineChannel Attendance { get; } = DeadlineChannel.ForAddress($"http://127.0.0.1:{InfrastructureNames.Ports.Attendance}");

    public DeadlineChannel Discipline { get; } = DeadlineChannel.ForAddress($"http://127.0.0.1:{InfrastructureNames.Ports.Discipline}");

    public HttpClient Dashboard { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{InfrastructureNames.Ports.DashboardUi}") };

    public async ValueTask InitializeAsync()
    {
        if (Profile is not null)
            _log = Path.Combine(Path.GetTempPath(), "servicehall-tests", "logs", $"apphost-{Profile}.log");
        // Another AppHost run (the other profile's fixture) may still be letting its processes go.
        var taken = await PortsInUseAfterAsync(TimeSpan.FromSeconds(90));
        if (taken.Count > 0)
            throw new InvalidOperationException($"The AppHost's ports {string.Join(", ", taken)} are in use: stop what holds them.");
        var dll = RepositoryPaths.HostDll("deploy/AppHost");
        Directory.CreateDirectory(Path.GetDirectoryName(_log)!);
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                // What deploy/AppHost/Properties/launchSettings.json gives `dotnet run`.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://localhost:{InfrastructureNames.Ports.DashboardUi}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{InfrastructureNames.Ports.OtlpGrpc}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://localhost:{InfrastructureNames.Ports.OtlpHttp}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
            },
        };
        if (Profile is not null)
            psi.Environment["ServiceHall__Profile"] = Profile;
        _appHost = Process.Start(psi) ?? throw new InvalidOperationException("the AppHost did not start");
        var log = new StreamWriter(_log, append: false) { AutoFlush = true };
        _appHost.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _appHost.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();

        foreach (var channel in new[] { Attendance, Discipline })
        {
            await Eventually.Until(async () =>
            {
                if (_appHost.HasExited)
                    throw new InvalidOperationException($"The AppHost exited with {_appHost.ExitCode}; see {_log}");
                try
                {
                    var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "ready" },
                        deadline: DateTime.UtcNow.AddSeconds(2));
                    return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (RpcException)
                {
                    return false;
                }
            }, ready => ready, TimeSpan.FromMinutes(3), $"{channel.Target} to be ready under the AppHost (log: {_log})");
        }
    }

    /// <summary>The fixed ports still in use once they are all free or <paramref name="limit"/> has passed.</summary>
    private static async Task<List<int>> PortsInUseAfterAsync(TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        var taken = FixedPorts.Where(IsListening).ToList();
        while (taken.Count > 0 && waited.Elapsed < limit)
        {
            await Task.Delay(500); // pacing of a wait for processes to exit, not a rule
            taken = FixedPorts.Where(IsListening).ToList();
        }
        return taken;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Attendance.Dispose();
        Discipline.Dispose();
        Dashboard.Dispose();
        if (_appHost is null)
            return;
        if (!_appHost.HasExited)
        {
            // Ctrl-C: the AppHost stops every process it started (DCP, the servers, the services).
            using (var kill = Process.Start("kill", ["-INT", _appHost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _appHost.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }
        _appHost.Dispose();
        // The servers and services DCP started stop after the AppHost: the next AppHost run needs their ports.
        await PortsInUseAfterAsync(TimeSpan.FromSeconds(60));
    }
}

public sealed class AppHostTests(AppHostFixture appHost) : IClassFixture<AppHostFixture>
{
    [Fact]
    public async Task The_apphost_serves_the_story_on_the_fixed_ports_with_traces_in_its_dashboard()
    {
        var key = TestAuth.DevelopmentKey();
        var story = new AttendanceWeekStory(appHost.Attendance, appHost.Discipline,
            new PostgresStoryDatabase($"Host=127.0.0.1;Port={InfrastructureNames.Ports.Postgres};Username=postgres;Database=servicehall_attendance"),
            disciplineLog: null, signingKey: key);

        await story.RunAsync();

        var staffId = await story.RegisterAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        await story.ClockInAsync(staffId, AttendanceWeekStory.HallAt(AttendanceWeekStory.ClosedWorkday(DateTimeOffset.UtcNow), 9, 30),
            Guid.NewGuid().ToString(), new Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } });
        var services = await Eventually.Until(async () =>
            {
                var response = await appHost.Dashboard.GetAsync($"/api/telemetry/traces/{traceId}");
                if (!response.IsSuccessStatusCode)
                    return new HashSet<string>();
                using var trace = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return ServiceNames(trace.RootElement);
            }, s => s.Contains("servicehall-discipline") && s.Contains("servicehall-attendance"),
            TimeSpan.FromSeconds(60), "the clock-in's trace in the AppHost's dashboard");
        Assert.Contains("servicehall-attendance", services);
        Assert.Contains("servicehall-discipline", services);
    }

    private static HashSet<string> ServiceNames(JsonElement root)
    {
        var data = root.TryGetProperty("data", out var d) ? d : root;
        return data.GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("resource").GetProperty("attributes").EnumerateArray())
            .Where(a => a.GetProperty("key").GetString() == "service.name")
            .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString() ?? "")
            .ToHashSet();
    }
}

/// <summary>The AppHost's production-like profile: the services in Production on the run's own secrets and server users.</summary>
public sealed class ProductionLikeAppHostFixture : AppHostFixture
{
    protected override string Profile => "production-like";

    public static string SecretsFile => Path.Combine(RepositoryPaths.Root, ".servicehall", "apphost-production", "secrets.json");
}
