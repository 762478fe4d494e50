using Microsoft.Extensions.Time.Testing;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A cases service on a scope (databases, virtual host) of its own (so no other test's cases instance competes for its queue),
/// its deadline job every 200 ms, its EF Core commands logged, and a fake clock from Wednesday 2026-11-25 10:00 that
/// the tests only move forward.
/// </summary>
public sealed class IntakeFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public ServiceApp Cases { get; private set; } = null!;

    public string Db { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var scope = await infra.ScopeAsync("intake");
        Db = scope.ConnectionStringOf("cases");
        Cases = await ServiceApp.StartCasesAsync(scope, Time, settings: new Dictionary<string, string?>
            {
                ["Cases:DeadlineCheckInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (Cases is not null)
            await Cases.DisposeAsync();
    }
}
