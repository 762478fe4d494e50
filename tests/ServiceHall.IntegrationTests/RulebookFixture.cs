using MassTransit;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A discipline service with a broker and database of its own (its rulebook changes must not reach other tests), a bus
/// to publish attendance facts to it, and a fake clock at Wednesday 2026-11-25 10:00 hall time.
/// </summary>
public sealed class RulebookFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    private InfraServer _rabbit = null!;

    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Discipline { get; private set; } = null!;

    public IBusControl Bus { get; private set; } = null!;

    public string Database { get; } = "servicehall_discipline_rules_" + Guid.NewGuid().ToString("N")[..6];

    public string Db => infra.Postgres.ConnectionString(Database);

    public async ValueTask InitializeAsync()
    {
        _rabbit = await InfraServer.StartAsync("rabbitmq");
        Discipline = await ServiceApp.StartDisciplineAsync(infra.WithRabbitMq(_rabbit), Time, Database);
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(_rabbit.ConnectionString())));
        await Bus.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Bus is not null)
            await Bus.StopAsync();
        if (Discipline is not null)
            await Discipline.DisposeAsync();
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
    }
}
