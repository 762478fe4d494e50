using Microsoft.Extensions.Time.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Attendance and cases side by side on a scope of the assembly's servers (the windows and their items come from attendance to
/// cases over the bus), with one fake clock set to Wednesday 2026-11-25 10:00 hall time.
/// </summary>
public sealed class VisitFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(HallFixture.Now.ToUniversalTime());

    public InfrastructureFixture Infra { get; private set; } = null!;

    public ServiceApp Attendance { get; private set; } = null!;

    public ServiceApp Cases { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Infra = await infra.ScopeAsync("visit");
        var attendance = ServiceApp.StartAttendanceAsync(Infra, Time);
        var cases = ServiceApp.StartCasesAsync(Infra, Time);
        Attendance = await attendance;
        Cases = await cases;
    }

    public async ValueTask DisposeAsync()
    {
        if (Attendance is not null)
            await Attendance.DisposeAsync();
        if (Cases is not null)
            await Cases.DisposeAsync();
    }
}
