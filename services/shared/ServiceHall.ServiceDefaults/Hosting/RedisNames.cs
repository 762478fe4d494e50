using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>
/// What every Redis key and channel of this deployment begins with: <c>ServiceHall:RedisPrefix</c>, by default
/// <c>servicehall</c>. Deployments that share one Redis (halls of a province, test classes of one run) set different
/// prefixes, so one never reads another's cached window or hears its wall.
/// </summary>
public sealed partial record RedisNames(string Prefix)
{
    public const string Setting = "ServiceHall:RedisPrefix";

    public const string DefaultPrefix = "servicehall";

    public static RedisNames From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prefix = configuration[Setting] is { Length: > 0 } configured ? configured : DefaultPrefix;
        return Allowed().IsMatch(prefix)
            ? new RedisNames(prefix)
            : throw new InvalidOperationException(
                $"{Setting} is 1-40 lower-case letters, digits, '-' and '_' (found '{prefix}').");
    }

    /// <summary>A name of <paramref name="service"/>'s, e.g. <c>servicehall:attendance:window:w-01</c>.</summary>
    public string Of(string service, string name) => $"{Prefix}:{service}:{name}";

    [GeneratedRegex("^[a-z0-9_-]{1,40}\\z")]
    private static partial Regex Allowed();
}
