using ServiceHall.Testing;

[assembly: AssemblyFixture(typeof(ServiceHall.IntegrationTests.InfrastructureFixture))]

namespace ServiceHall.IntegrationTests;

/// <summary>
/// One PostgreSQL, RabbitMQ and Redis for the whole assembly, on free loopback ports. Services start on a scope of it
/// (<see cref="ScopeAsync"/>): databases and a RabbitMQ virtual host of their own, so one class's clock (a day ahead,
/// say) never runs another class's day check or consumes its events. Redis is shared; window ids differ per class.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public InfraServer Postgres { get; private set; } = null!;

    public InfraServer RabbitMq { get; private set; } = null!;

    public InfraServer Redis { get; private set; } = null!;

    /// <summary>What this scope's database names end with; null on the assembly's fixture, which starts no service.</summary>
    public string? Scope { get; private init; }

    /// <summary>This scope's RabbitMQ virtual host (null: the broker's default one).</summary>
    public string? VirtualHost { get; private init; }

    public string RabbitMqUri => RabbitMq.ConnectionString(VirtualHost);

    /// <summary>What this scope's Redis keys and channels begin with (ServiceHall:RedisPrefix).</summary>
    public string RedisPrefix => $"servicehall-{Scope}";

    /// <summary>The database a service of this scope uses unless told otherwise, e.g. servicehall_attendance_hall_1a2b3c.</summary>
    public string DatabaseOf(string service) =>
        $"servicehall_{service}_{Scope ?? throw new InvalidOperationException("Start services on a scope: ScopeAsync.")}";

    public string ConnectionStringOf(string service) => Postgres.ConnectionString(DatabaseOf(service));

    /// <summary>The same servers, with databases and a RabbitMQ virtual host of this scope's own.</summary>
    public async Task<InfrastructureFixture> ScopeAsync(string name)
    {
        var scope = NewScopeName(name);
        await RabbitMq.AddVirtualHostAsync(scope.Replace('_', '-'));
        return new() { Postgres = Postgres, RabbitMq = RabbitMq, Redis = Redis, Scope = scope, VirtualHost = scope.Replace('_', '-') };
    }

    /// <summary>The same servers, but another RabbitMQ (a test that stops its broker), and databases of its own.</summary>
    public InfrastructureFixture WithRabbitMq(InfraServer rabbitMq) =>
        new() { Postgres = Postgres, RabbitMq = rabbitMq, Redis = Redis, Scope = Scope ?? NewScopeName("own") };

    private static string NewScopeName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9]{0,15}$")
            ? $"{name}_{Guid.NewGuid().ToString("N")[..6]}"
            : throw new ArgumentException("A scope name is 1-16 lower-case letters and digits.", nameof(name));

    public async ValueTask InitializeAsync()
    {
        var postgres = InfraServer.StartAsync("postgres");
        var rabbit = InfraServer.StartAsync("rabbitmq");
        var redis = InfraServer.StartAsync("redis");
        Postgres = await postgres;
        RabbitMq = await rabbit;
        Redis = await redis;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { Postgres, RabbitMq, Redis })
        {
            if (server is not null)
                await server.DisposeAsync();
        }
    }
}
