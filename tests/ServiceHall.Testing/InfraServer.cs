using System.Diagnostics;

namespace ServiceHall.Testing;

/// <summary>
/// A PostgreSQL, RabbitMQ or Redis server from Debian's packages, started by <c>deploy/scripts/infra.sh</c> on a free
/// loopback port with a throw-away data folder. It can be stopped and started again (fault tests); disposing stops it
/// and deletes its folder.
/// </summary>
public sealed class InfraServer : IAsyncDisposable
{
    private InfraServer(string kind, int port)
    {
        Kind = kind;
        Port = port;
        DataFolder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"{kind}-{port}-{Guid.NewGuid():N}");
    }

    public string Kind { get; }

    public int Port { get; }

    public string DataFolder { get; }

    public static async Task<InfraServer> StartAsync(string kind)
    {
        var server = new InfraServer(kind, FreePort.Next());
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => RunScriptAsync("start");

    public Task StopAsync() => RunScriptAsync("stop");

    /// <summary>Adds a RabbitMQ virtual host that <c>guest</c> may use: a fixture's own queues and exchanges.</summary>
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
        "postgres" => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database ?? "postgres"};" +
                      "Timeout=5;Command Timeout=30",
        "rabbitmq" => $"amqp://guest:guest@127.0.0.1:{Port}/{database}",
        "redis" => $"127.0.0.1:{Port}",
        _ => throw new InvalidOperationException(Kind),
    };

    private async Task RunScriptAsync(string action, string? name = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            ArgumentList = { RepositoryPaths.InfraScript, Kind, action, DataFolder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (name is not null)
            psi.ArgumentList.Add(name);
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
