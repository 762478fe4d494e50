using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>The standalone host (all four services in one process, SQLite, in-memory bus) as its own process.</summary>
public sealed class StandaloneFixture : IAsyncLifetime
{
    public string DataFolder { get; } =
        Path.Combine(Path.GetTempPath(), "servicehall-tests", $"standalone-{Guid.NewGuid():N}");

    public ServiceProcess Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = new ServiceProcess("standalone", "deploy/Standalone",
            new Dictionary<string, string> { ["ServiceHall__DataFolder"] = DataFolder });
        await Host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class StandaloneSuiteTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    [Fact]
    public async Task Three_late_mornings_in_one_week_end_in_both_sanctions_exactly_once()
    {
        var story = new AttendanceWeekStory(standalone.Host.Channel, standalone.Host.Channel,
            new SqliteStoryDatabase(Path.Combine(standalone.DataFolder, "attendance.db")),
            () => standalone.Host.Tail(100_000));

        await story.RunAsync();
    }
}
