using Microsoft.Extensions.Configuration;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>How the suite is composed: one process per service on real servers, or all in one process.</summary>
public enum ServiceHallMode
{
    /// <summary>One process per service; PostgreSQL, RabbitMQ, Redis.</summary>
    Distributed,

    /// <summary>All services in one process; SQLite files, in-memory bus, in-process cache.</summary>
    Standalone,
}

public static class ServiceHallModeExtensions
{
    public static ServiceHallMode GetServiceHallMode(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[InfrastructureNames.Config.Mode];
        if (string.IsNullOrWhiteSpace(value))
            return ServiceHallMode.Distributed;
        return Enum.TryParse<ServiceHallMode>(value, ignoreCase: true, out var mode)
            ? mode
            : throw new InvalidOperationException(
                $"{InfrastructureNames.Config.Mode} is '{value}'; expected 'Distributed' or 'Standalone'.");
    }
}
