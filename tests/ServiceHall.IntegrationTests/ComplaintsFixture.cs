using Microsoft.Extensions.Time.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Attendance, cases, complaints and discipline side by side on a scope of the assembly's servers (finished tickets reach
/// complaints, verified complaints reach discipline, over the bus), the escalation job every 200 ms, and one fake clock
/// from Wednesday 2026-11-25 10:00 that the tests only move forward.
/// </summary>
public sealed class ComplaintsFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public InfrastructureFixture Infra { get; private set; } = null!;

    public ServiceApp Attendance { get; private set; } = null!;

    public ServiceApp Cases { get; private set; } = null!;

    public ServiceApp Complaints { get; private set; } = null!;

    public ServiceApp Discipline { get; private set; } = null!;

    public string ComplaintsDb => Infra.ConnectionStringOf("complaints");

    public async ValueTask InitializeAsync()
    {
        Infra = await infra.ScopeAsync("complaints");
        var attendance = ServiceApp.StartAttendanceAsync(Infra, Time);
        var cases = ServiceApp.StartCasesAsync(Infra, Time);
        var complaints = ServiceApp.StartComplaintsAsync(Infra, Time, settings: new Dictionary<string, string?>
        {
            ["Complaints:EscalationCheckInterval"] = "00:00:00.200",
        });
        var discipline = ServiceApp.StartDisciplineAsync(Infra, Time);
        (Attendance, Cases, Complaints, Discipline) = (await attendance, await cases, await complaints, await discipline);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { Attendance, Cases, Complaints, Discipline })
        {
            if (app is not null)
                await app.DisposeAsync();
        }
    }
}
