using MassTransit;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A discipline service with a scope (databases, virtual host) of its own (its rulebook changes must not reach other tests), a bus
/// to publish attendance facts to it, and a fake clock at Wednesday 2026-11-25 10:00 hall time.
/// </summary>
public sealed class RulebookFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Discipline { get; private set; } = null!;

    public IBusControl Bus { get; private set; } = null!;

    public string Db { get; private set; } = null!;

    /// <summary>
    /// Announces a staff member as attendance's registry would (registry roles such as <c>UnitHead</c>) and waits until
    /// discipline's directory has them: a unit role in a token counts only for someone the registry gives it to.
    /// </summary>
    public async Task RegisterAsync(string staffId, string unitId, params string[] registryRoles)
    {
        await Bus.Publish(new ServiceHall.Contracts.Attendance.StaffRegistered(Guid.NewGuid(), Time.GetUtcNow(), "hall-1",
            staffId, staffId, unitId, "", registryRoles));
        await ServiceHall.Testing.Eventually.Until(() => ServiceHall.Testing.Sql.CountAsync(Db,
                """SELECT count(*) FROM directory_entries WHERE "Id" = $1 AND "UnitId" = $2""", staffId, unitId),
            n => n == 1, TimeSpan.FromSeconds(30), $"discipline to know {staffId}");
    }

    public async ValueTask InitializeAsync()
    {
        var scope = await infra.ScopeAsync("rules");
        Db = scope.ConnectionStringOf("discipline");
        Discipline = await ServiceApp.StartDisciplineAsync(scope, Time);
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(scope.RabbitMqUri));
            cfg.SignEventsWith(TestAuth.EventSigner);
        });
        await Bus.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Bus is not null)
            await Bus.StopAsync();
        if (Discipline is not null)
            await Discipline.DisposeAsync();
    }
}
