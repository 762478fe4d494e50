using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>
/// Outside Development a host refuses the servers' default credentials: PostgreSQL without a password (the packages'
/// <c>postgres</c> with trust), RabbitMQ's <c>guest</c> (also when the URI names no user: the client then uses
/// guest), and an open Redis (no password). Each service has its own user on each server (README, "Server users").
/// </summary>
public static class CredentialGuard
{
    public static void CheckPostgres(string connectionName, string connectionString, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
            return;
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(settings.Password) && string.IsNullOrEmpty(settings.Passfile))
            throw Refused(environment, $"ConnectionStrings:{connectionName}", $"PostgreSQL user '{settings.Username ?? "(none)"}' has no password");
    }

    public static void CheckRabbitMq(string connectionName, Uri uri, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
            return;
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? uri.UserInfo[(uri.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..] : "";
        if (user.Length == 0 || string.Equals(user, "guest", StringComparison.Ordinal))
            throw Refused(environment, $"ConnectionStrings:{connectionName}", "RabbitMQ would be used as 'guest'");
        if (password.Length == 0)
            throw Refused(environment, $"ConnectionStrings:{connectionName}", $"RabbitMQ user '{user}' has no password");
    }

    public static void CheckRedis(string connectionName, ConfigurationOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
            return;
        if (string.IsNullOrEmpty(options.Password))
            throw Refused(environment, $"ConnectionStrings:{connectionName}", "Redis would be used without a user and password (an open Redis)");
    }

    private static InvalidOperationException Refused(IHostEnvironment environment, string setting, string what) =>
        new($"The environment is '{environment.EnvironmentName}', and {what} ({setting}). Give the service its own " +
            "user with a password on each server (README, \"Server users\"). Refusing to start.");
}
