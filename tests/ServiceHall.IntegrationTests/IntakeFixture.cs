using Microsoft.Extensions.Time.Testing;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A cases service on a broker and database of its own (so no other test's cases instance competes for its queue),
/// its deadline job every 200 ms, its EF Core commands logged, and a fake clock from Wednesday 2026-11-25 10:00 that
/// the tests only move forward.
/// </summary>
public sealed class IntakeFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    private InfraServer _rabbit = null!;

    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Cases { get; private set; } = null!;

    public string Database { get; } = "servicehall_cases_intake_" + Guid.NewGuid().ToString("N")[..6];

    public string Db => infra.Postgres.ConnectionString(Database);

    public async ValueTask InitializeAsync()
    {
        _rabbit = await InfraServer.StartAsync("rabbitmq");
        Cases = await ServiceApp.StartCasesAsync(infra.WithRabbitMq(_rabbit), Time, Database,
            new Dictionary<string, string?>
            {
                ["Cases:DeadlineCheckInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (Cases is not null)
            await Cases.DisposeAsync();
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
    }
}
