using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// The standalone Aspire dashboard (NuGet Aspire.Dashboard.Sdk.linux-x64): an OTLP/gRPC receiver whose telemetry
/// HTTP API (<c>/api/telemetry/traces/{traceId}</c>) returns a trace as OTLP JSON.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private const string Version = "13.6.5";
    private readonly Process _process;
    private readonly HttpClient _http;

    private DashboardProcess(Process process, int uiPort, int otlpPort)
    {
        _process = process;
        OtlpEndpoint = $"http://127.0.0.1:{otlpPort}";
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{uiPort}") };
    }

    public string OtlpEndpoint { get; }

    public static async Task<DashboardProcess> StartAsync()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var executable = Path.Combine(packages, "aspire.dashboard.sdk.linux-x64", Version, "tools", "Aspire.Dashboard");
        if (!File.Exists(executable))
            throw new FileNotFoundException($"{executable} is missing: restore tests/ServiceHall.EndToEndTests.");
        var (ui, otlp, otlpHttp) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlp}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpHttp}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured",
                ["DASHBOARD__FRONTEND__AUTHMODE"] = "Unsecured",
                ["DASHBOARD__API__ENABLED"] = "true",
                ["DASHBOARD__API__AUTHMODE"] = "Unsecured",
            },
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dashboard did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new DashboardProcess(process, ui, otlp);
        await Eventually.Until(async () =>
        {
            try
            {
                return (await dashboard._http.GetAsync("/api/telemetry/traces")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ok => ok, TimeSpan.FromSeconds(60), "the dashboard to answer");
        return dashboard;
    }

    /// <summary>The trace as OTLP JSON, or null while the dashboard has none of its spans.</summary>
    public async Task<JsonDocument?> GetTraceAsync(string traceId)
    {
        var response = await _http.GetAsync($"/api/telemetry/traces/{traceId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every trace the dashboard holds, as OTLP JSON.</summary>
    public async Task<JsonDocument> GetTracesAsync()
    {
        var response = await _http.GetAsync("/api/telemetry/traces");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
