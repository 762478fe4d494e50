using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>
/// Outside Development, gRPC is served over TLS: a host refuses to start with a plaintext (<c>http://</c>) endpoint on
/// anything but loopback (where a sidecar or a local proxy may terminate TLS), unless
/// <c>ServiceHall:AllowPlaintext</c> says a service mesh encrypts the traffic instead. Endpoints are read where Kestrel
/// reads them: <c>Kestrel:Endpoints:*:Url</c>, <c>urls</c> (ASPNETCORE_URLS) and <c>http_ports</c>.
/// </summary>
public static class TransportGuard
{
    public const string AllowPlaintextKey = "ServiceHall:AllowPlaintext";

    public static void Check(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment() || configuration.GetValue<bool>(AllowPlaintextKey))
            return;
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => (Name: $"Kestrel:Endpoints:{e.Key}:Url", Url: e["Url"]))
            .Concat((configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(u => (Name: "urls", Url: (string?)u)))
            .Where(e => e.Url is { Length: > 0 })
            .ToList();
        var plaintext = urls.Where(e => e.Url!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(e.Url!))
            .Select(e => $"{e.Name}={e.Url}")
            .ToList();
        if (configuration["http_ports"] is { Length: > 0 } ports)
            plaintext.Add($"http_ports={ports}");
        if (plaintext.Count > 0)
        {
            throw new InvalidOperationException(
                $"The environment is '{environment.EnvironmentName}', and gRPC would be served in plaintext beyond this machine " +
                $"({string.Join(", ", plaintext)}). Serve https:// with a certificate (Kestrel:Endpoints:<name>:Certificate), " +
                $"or set {AllowPlaintextKey.Replace(":", "__", StringComparison.Ordinal)}=true where a service mesh encrypts the traffic. Refusing to start.");
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = url["http://".Length..].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
