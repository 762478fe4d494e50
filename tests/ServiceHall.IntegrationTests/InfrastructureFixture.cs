using ServiceHall.Testing;

[assembly: AssemblyFixture(typeof(ServiceHall.IntegrationTests.InfrastructureFixture))]

namespace ServiceHall.IntegrationTests;

/// <summary>One PostgreSQL, RabbitMQ and Redis for the whole assembly, on free loopback ports.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public InfraServer Postgres { get; private set; } = null!;

    public InfraServer RabbitMq { get; private set; } = null!;

    public InfraServer Redis { get; private set; } = null!;

    /// <summary>The same servers, but another RabbitMQ (a test that stops its broker).</summary>
    public InfrastructureFixture WithRabbitMq(InfraServer rabbitMq) =>
        new() { Postgres = Postgres, RabbitMq = rabbitMq, Redis = Redis };

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
