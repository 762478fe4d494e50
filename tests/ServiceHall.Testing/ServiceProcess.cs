using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ServiceHall.Testing;

/// <summary>
/// A ServiceHall host run as its own process (<c>dotnet Host.dll</c>) with the given environment, on a free loopback
/// port. Output goes to a log file beside the test results. It can be killed (SIGKILL) and started again.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logFile;
    private Process? _process;

    /// <summary>A host of <paramref name="hostProjectFolder"/> named <paramref name="name"/> with <paramref name="environment"/>.</summary>
    /// <param name="name">The name its log file and messages carry.</param>
    /// <param name="hostProjectFolder">The host project's folder, from the repository root.</param>
    /// <param name="environment">Settings beyond the tests' defaults.</param>
    /// <param name="tls">Serve TLS with this CA's server certificate and take its client certificates (mutual TLS).</param>
    public ServiceProcess(string name, string hostProjectFolder, IDictionary<string, string> environment,
        TestCertificates? tls = null)
    {
        Name = name;
        Port = FreePort.Next();
        Url = $"{(tls is null ? "http" : "https")}://127.0.0.1:{Port}";
        Tls = tls;
        _dll = RepositoryPaths.HostDll(hostProjectFolder);
        var settings = new Dictionary<string, string>
        {
            // A closed day's facts are final a second after it settled, looked at every second: stories do not wait
            // the production five minutes. A test may set its own.
            ["Attendance__DayCheckInterval"] = "00:00:01",
            ["Attendance__FactSettleTime"] = "00:00:01",
            // The fault harness's ledger check audits everything it did as fast as it can: a per-caller limit meant for
            // people and devices would refuse it. Rate limits are tested on their own (IntegrationTests/RateLimitTests).
            ["ServiceHall__RateLimits__PerCallerPerSecond"] = "100000",
            ["ServiceHall__RateLimits__PerCallerBurst"] = "100000",
        };
        foreach (var (key, value) in environment)
            settings[key] = value;
        _environment = new Dictionary<string, string>(settings)
        {
            ["Kestrel__Endpoints__Grpc__Url"] = Url,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__SigningKey"] = TestAuth.SigningKey,
            // The workloads' machines use bare `system` tokens; registered clients are tested in MachineClientTests.
            ["Auth__LegacySystemRole"] = "true",
            ["Privacy__Key"] = TestAuth.PrivacyKey,
            ["ServiceHall__DetailedErrors"] = "true",
        };
        foreach (var (service, key) in TestAuth.EventKeys)
            _environment[$"Events__Keys__{service}"] = key;
        foreach (var (key, value) in tls?.HostSettings(Url) ?? new Dictionary<string, string>())
            _environment[key] = value;
        var logs = Path.Combine(Path.GetTempPath(), "servicehall-tests", "logs");
        Directory.CreateDirectory(logs);
        _logFile = Path.Combine(logs, $"{name}-{Port}.log");
        Channel = DeadlineChannel.ForAddress(Url, handler: tls?.Handler());
    }

    public string Name { get; }

    public int Port { get; }

    public string Url { get; }

    /// <summary>The certificates it serves TLS with, if it does.</summary>
    public TestCertificates? Tls { get; }

    public DeadlineChannel Channel { get; }

    public string LogFile => _logFile;

    public async Task StartAsync()
    {
        Launch();
        await WaitUntilServingAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts the process without waiting for it to serve (it may be meant to crash on its way up).</summary>
    public void Launch()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { _dll },
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment)
            psi.Environment[key] = value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"{Name} did not start");
        var log = new StreamWriter(_logFile, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}; see {_logFile}:\n{Tail()}");
            try
            {
                // "ready": the database answers and the bus has bound its queues, so no event published from now on is lost.
                var reply = await health.CheckAsync(new HealthCheckRequest { Service = "ready" },
                    deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (Grpc.Core.RpcException)
            {
                // Not listening yet.
            }
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"{Name} did not serve within {timeout}; see {_logFile}:\n{Tail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Sets (or, with null, removes) a variable of the environment the next start uses.</summary>
    public void SetEnvironment(string key, string? value)
    {
        if (value is null)
            _environment.Remove(key);
        else
            _environment[key] = value;
    }

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>The running process's id (null when not running): what a benchmark reads the CPU time of.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Waits until the process ended by itself (e.g. at a fault point) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as systemd or Kubernetes do) and waits for it; returns its exit code, or
    /// throws when it did not stop within <paramref name="timeout"/> (it is then killed).
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
            return _process?.ExitCode ?? 0;
        await Signals.SendAsync(process.Id, "TERM");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not stop within {timeout} of SIGTERM; see {_logFile}:\n{Tail()}");
        }
        return process.ExitCode;
    }

    /// <summary>Kills the process at once, as a crash would (SIGKILL): nothing is flushed, nothing shut down.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
