using ServiceHall.Testing;

namespace ServiceHall.FaultHarness;

/// <summary>
/// What the faults are injected into: PostgreSQL, RabbitMQ and Redis from Debian's packages, and the four services as
/// separate processes on loopback (production environment, test keys), each restartable with changed settings.
/// </summary>
public sealed class FaultSuite : IAsyncDisposable
{
    private const string Prefix = "fault-";
    private readonly List<IAsyncDisposable> _owned = [];

    public InfraServer Postgres { get; private set; } = null!;

    public InfraServer RabbitMq { get; private set; } = null!;

    public InfraServer Redis { get; private set; } = null!;

    public ServiceProcess Attendance { get; private set; } = null!;

    public ServiceProcess Cases { get; private set; } = null!;

    public ServiceProcess Complaints { get; private set; } = null!;

    public ServiceProcess Discipline { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Services => [Attendance, Cases, Complaints, Discipline];

    public static async Task<FaultSuite> StartAsync()
    {
        var suite = new FaultSuite();
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
        var postgres = InfraServer.StartAsync("postgres");
        var rabbit = InfraServer.StartAsync("rabbitmq");
        var redis = InfraServer.StartAsync("redis");
        Postgres = Own(await postgres);
        RabbitMq = Own(await rabbit);
        Redis = Own(await redis);

        var servers = new SuiteServers(Postgres, RabbitMq, Redis);
        // The workload clocks in on past workdays (one late morning per iteration), further back than a week.
        var settings = new Dictionary<string, string> { ["Attendance__MaxBackfill"] = "2000.00:00:00" };
        Attendance = Own(SuiteProcesses.Attendance(servers, settings, Prefix));
        Cases = Own(SuiteProcesses.Cases(servers, settings, Prefix));
        Complaints = Own(SuiteProcesses.Complaints(servers, settings, Prefix));
        Discipline = Own(SuiteProcesses.Discipline(servers, settings, Prefix));
        await Task.WhenAll(Services.Select(s => s.StartAsync()));
    }

    /// <summary>Every service that is not running is started again (after a kill, a fault point or SIGTERM).</summary>
    public Task EnsureRunningAsync() => Task.WhenAll(Services.Where(s => s.HasExited).Select(s => s.StartAsync()));

    public string DatabaseOf(ServiceProcess service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Postgres.ConnectionString("servicehall_" + service.Name[Prefix.Length..]);
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // A server already gone (a fault left it stopped); its folder is temporary.
            }
        }
    }
}
