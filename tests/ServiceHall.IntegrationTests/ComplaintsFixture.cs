using Microsoft.Extensions.Time.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Attendance, cases, complaints and discipline side by side on the assembly's servers (finished tickets reach
/// complaints, verified complaints reach discipline, over the bus), the escalation job every 200 ms, and one fake clock
/// from Wednesday 2026-11-25 10:00 that the tests only move forward.
/// </summary>
public sealed class ComplaintsFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public InfrastructureFixture Infra => infra;

    public ServiceApp Attendance { get; private set; } = null!;

    public ServiceApp Cases { get; private set; } = null!;

    public ServiceApp Complaints { get; private set; } = null!;

    public ServiceApp Discipline { get; private set; } = null!;

    public string ComplaintsDb => infra.Postgres.ConnectionString("servicehall_complaints_it");

    public async ValueTask InitializeAsync()
    {
        var attendance = ServiceApp.StartAttendanceAsync(infra, Time);
        var cases = ServiceApp.StartCasesAsync(infra, Time);
        var complaints = ServiceApp.StartComplaintsAsync(infra, Time, settings: new Dictionary<string, string?>
        {
            ["Complaints:EscalationCheckInterval"] = "00:00:00.200",
        });
        var discipline = ServiceApp.StartDisciplineAsync(infra, Time);
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
