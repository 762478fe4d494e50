using System.Diagnostics;

namespace ServiceHall.Testing;

/// <summary>
/// A PostgreSQL, RabbitMQ or Redis server from Debian's packages, started by <c>deploy/scripts/infra.sh</c> on a free
/// loopback port with a throw-away data folder. It can be stopped and started again (fault tests); disposing stops it
/// and deletes its folder.
/// </summary>
public sealed class InfraServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    private InfraServer(string kind, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        Kind = kind;
        Port = port;
        _environment = environment ?? new Dictionary<string, string>();
        DataFolder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"{kind}-{port}-{Guid.NewGuid():N}");
    }

    public string Kind { get; }

    public int Port { get; }

    public string DataFolder { get; }

    /// <summary>The run's administrator password: PostgreSQL's <c>postgres</c>, RabbitMQ's <see cref="AdminUser"/>, Redis's default user.</summary>
    public static string AdminPassword { get; } = "admin-" + Convert.ToHexString(Guid.NewGuid().ToByteArray());

    /// <summary>RabbitMQ's administrator, in place of guest (which the script deletes).</summary>
    public const string AdminUser = "servicehall-admin";

    /// <summary>Each service's password on every server (the script's SERVICEHALL_PASSWORD_&lt;SERVICE&gt;).</summary>
    public static IReadOnlyDictionary<string, string> ServicePasswords { get; } =
        new[] { "attendance", "cases", "complaints", "discipline" }.ToDictionary(s => s,
            s => $"{s}-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()));

    /// <summary>
    /// Each service's schema owner's password on PostgreSQL (the script's SERVICEHALL_OWNER_PASSWORD_&lt;SERVICE&gt;): the
    /// services under test create their schemas as <c>servicehall_&lt;service&gt;_owner</c> and run as
    /// <c>servicehall_&lt;service&gt;</c>, which may not change the schema nor the audit trail.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OwnerPasswords { get; } =
        ServicePasswords.Keys.ToDictionary(s => s, s => $"{s}-owner-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()));

    /// <summary>
    /// Starts a server with passwords and creates each service's least-privilege user on it; <paramref name="environment"/>
    /// adds settings of the script (e.g. <c>SERVICEHALL_PG_TLS_CERT</c>).
    /// </summary>
    public static async Task<InfraServer> StartAsync(string kind, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = new InfraServer(kind, FreePort.Next(), environment);
        await server.StartAsync();
        await server.RunScriptAsync("users");
        return server;
    }

    public Task StartAsync() => RunScriptAsync("start");

    public Task StopAsync() => RunScriptAsync("stop");

    /// <summary>Adds a RabbitMQ virtual host for the administrator and the service users: a fixture's own queues and exchanges.</summary>
    public Task AddVirtualHostAsync(string name) =>
        Kind == "rabbitmq" ? RunScriptAsync("vhost", name) : throw new InvalidOperationException(Kind);

    /// <summary>The server's main process (from its pid file).</summary>
    public int Pid()
    {
        var file = Kind switch
        {
            "postgres" => "postmaster.pid",
            "rabbitmq" => "rabbit.pid",
            "redis" => "redis.pid",
            _ => throw new InvalidOperationException(Kind),
        };
        var first = File.ReadLines(Path.Combine(DataFolder, file)).First().Trim();
        return int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends a signal (KILL, STOP, CONT, TERM) to the server's main process.</summary>
    public Task SignalAsync(string signal) => Signals.SendAsync(Pid(), signal);

    /// <summary>
    /// Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. Its data folder stays, so
    /// <see cref="StartAsync()"/> brings it back with what it had made durable.
    /// </summary>
    public async Task KillAsync()
    {
        var pid = Pid();
        await Signals.SendAsync(pid, "KILL");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Directory.Exists($"/proc/{pid}") && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(50);
        foreach (var stale in new[] { "rabbit.pid", "redis.pid", "postmaster.pid" })
            File.Delete(Path.Combine(DataFolder, stale));
    }

    /// <summary>ADO.NET / StackExchange / AMQP connection string for this server.</summary>
    /// <param name="database">The PostgreSQL database, or the RabbitMQ virtual host (the default one when null).</param>
    public string ConnectionString(string? database = null) => Kind switch
    {
        "postgres" => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={AdminPassword};Database={database ?? "postgres"};" +
                      "Timeout=5;Command Timeout=30",
        "rabbitmq" => $"amqp://{AdminUser}:{AdminPassword}@127.0.0.1:{Port}/{database}",
        "redis" => $"127.0.0.1:{Port},password={AdminPassword}",
        _ => throw new InvalidOperationException(Kind),
    };

    /// <summary>PostgreSQL: the connection string of the role that owns a service's schema.</summary>
    public string OwnerConnectionString(string service, string? database = null) =>
        $"Host=127.0.0.1;Port={Port};Username=servicehall_{service}_owner;Password={OwnerPasswords[service]};" +
        $"Database={database ?? "postgres"};Timeout=5;Command Timeout=30";

    /// <summary>The connection string a service uses: its own user (least privilege) on this server.</summary>
    public string ServiceConnectionString(string service, string? database = null) => Kind switch
    {
        "postgres" => $"Host=127.0.0.1;Port={Port};Username=servicehall_{service};Password={ServicePasswords[service]};" +
                      $"Database={database ?? "postgres"};Timeout=5;Command Timeout=30",
        "rabbitmq" => $"amqp://servicehall-{service}:{ServicePasswords[service]}@127.0.0.1:{Port}/{database}",
        "redis" => $"127.0.0.1:{Port},user=servicehall-{service},password={ServicePasswords[service]}",
        _ => throw new InvalidOperationException(Kind),
    };

    public async Task RunScriptAsync(string action, string? name = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            ArgumentList = { RepositoryPaths.InfraScript, Kind, action, DataFolder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (name is not null)
            psi.ArgumentList.Add(name);
        psi.Environment["SERVICEHALL_PG_PASSWORD"] = AdminPassword;
        psi.Environment["SERVICEHALL_RABBITMQ_USER"] = AdminUser;
        psi.Environment["SERVICEHALL_RABBITMQ_PASSWORD"] = AdminPassword;
        psi.Environment["SERVICEHALL_REDIS_PASSWORD"] = AdminPassword;
        psi.Environment["SERVICEHALL_REDIS_KEYS"] = "servicehall*"; // every scope's ServiceHall:RedisPrefix
        foreach (var (service, password) in ServicePasswords)
            psi.Environment[$"SERVICEHALL_PASSWORD_{service.ToUpperInvariant()}"] = password;
        foreach (var (service, password) in OwnerPasswords)
            psi.Environment[$"SERVICEHALL_OWNER_PASSWORD_{service.ToUpperInvariant()}"] = password;
        foreach (var (setting, value) in _environment)
            psi.Environment[setting] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"infra.sh {Kind} {action} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A server still closing its files; the temp folder is cleaned with the machine.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
