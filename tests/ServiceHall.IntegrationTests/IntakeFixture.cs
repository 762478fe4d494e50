using MassTransit;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A cases service on a scope (databases, virtual host) of its own (so no other test's cases instance competes for its queue),
/// its deadline job every 200 ms, its EF Core commands logged, and a fake clock from Wednesday 2026-11-25 10:00 that
/// the tests only move forward. The staff registry as attendance would announce it: head-1 heads unit-amr (the items'
/// approving unit), head-unit-tax and head-unit-fire their units, dai works in unit-amr and tao in unit-tax.
/// </summary>
public sealed class IntakeFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Cases { get; private set; } = null!;

    public string Db { get; private set; } = null!;

    /// <summary>A bus on the fixture's virtual host, to announce the staff registry as attendance would.</summary>
    public IBusControl Bus { get; private set; } = null!;

    /// <summary>Announces a staff member (registry roles such as <c>UnitHead</c>) and waits until cases knows them.</summary>
    public async Task RegisterAsync(string staffId, string unitId, params string[] registryRoles)
    {
        await Bus.Publish(new StaffRegistered(Guid.NewGuid(), Time.GetUtcNow(), "hall-1", staffId, staffId, unitId, "",
            registryRoles));
        await Eventually.Until(() => Sql.CountAsync(Db,
                """SELECT count(*) FROM registered_staff WHERE "StaffId" = $1 AND "UnitId" = $2""", staffId, unitId),
            n => n == 1, TimeSpan.FromSeconds(30), $"cases to know {staffId}");
    }

    public async ValueTask InitializeAsync()
    {
        var scope = await infra.ScopeAsync("intake");
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(scope.RabbitMqUri));
            cfg.SignEventsWith(TestAuth.EventSigner);
        });
        await Bus.StartAsync();
        Db = scope.ConnectionStringOf("cases");
        Cases = await ServiceApp.StartCasesAsync(scope, Time, settings: new Dictionary<string, string?>
            {
                ["Cases:DeadlineCheckInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            });
        foreach (var (staff, unit, role) in new[]
                 {
                     ("head-1", "unit-amr", "UnitHead"), ("head-unit-tax", "unit-tax", "UnitHead"),
                     ("head-unit-fire", "unit-fire", "UnitHead"), ("dai", "unit-amr", "WindowStaff"), ("tao", "unit-tax", "WindowStaff"),
                 })
        {
            await RegisterAsync(staff, unit, role);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Bus is not null)
            await Bus.StopAsync();
        if (Cases is not null)
            await Cases.DisposeAsync();
    }
}
