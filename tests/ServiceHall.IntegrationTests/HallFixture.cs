using Microsoft.Extensions.Time.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Attendance and discipline running side by side on the assembly's servers, with one fake clock set to
/// Wednesday 2026-11-25 10:00 hall time (Asia/Shanghai): Monday to Wednesday of that week are in the past. Each
/// fixture has databases and a RabbitMQ virtual host of its own (<see cref="InfrastructureFixture.ScopeAsync"/>).
/// </summary>
public sealed class HallFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public static readonly TimeSpan HallOffset = TimeSpan.FromHours(8);

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, HallOffset);

    public FakeTimeProvider Time { get; } = new(Now.ToUniversalTime());

    public InfrastructureFixture Infra { get; private set; } = null!;

    public ServiceApp Attendance { get; private set; } = null!;

    public ServiceApp Discipline { get; private set; } = null!;

    /// <summary>A moment of this week (Mon 2026-11-23 .. ) in hall time.</summary>
    public static DateTimeOffset HallTime(int day, int hour, int minute) =>
        new(2026, 11, day, hour, minute, 0, HallOffset);

    /// <summary>The day check every 200 ms, and a closed day's facts final at once: tests do not wait minutes.</summary>
    public static readonly Dictionary<string, string?> DayCheckSettings = new()
    {
        ["Attendance:DayCheckInterval"] = "00:00:00.200", ["Attendance:FactSettleTime"] = "00:00:00",
    };

    public async ValueTask InitializeAsync()
    {
        Infra = await infra.ScopeAsync("hall");
        var attendance = ServiceApp.StartAttendanceAsync(Infra, Time, settings: DayCheckSettings);
        var discipline = ServiceApp.StartDisciplineAsync(Infra, Time);
        Attendance = await attendance;
        Discipline = await discipline;
    }

    public async ValueTask DisposeAsync()
    {
        if (Attendance is not null)
            await Attendance.DisposeAsync();
        if (Discipline is not null)
            await Discipline.DisposeAsync();
    }
}
