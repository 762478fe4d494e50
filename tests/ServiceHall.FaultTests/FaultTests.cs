using ServiceHall.FaultHarness;

namespace ServiceHall.FaultTests;

/// <summary>One suite of real servers and services for every fault; the faults run one after another.</summary>
public sealed class FaultSuiteFixture : IAsyncLifetime
{
    public FaultSuite Suite { get; private set; } = null!;

    /// <summary>Every report of the run, also written to servicehall-tests/fault-reports.txt in the temp folder.</summary>
    public static string ReportFile { get; } =
        Path.Combine(Path.GetTempPath(), "servicehall-tests", "fault-reports.txt");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ReportFile)!);
        Suite = await FaultSuite.StartAsync();
    }

    public ValueTask DisposeAsync() => Suite.DisposeAsync();
}

[CollectionDefinition(nameof(FaultSuiteFixture))]
public sealed class FaultCollection : ICollectionFixture<FaultSuiteFixture>;

/// <summary>
/// Each fault under a steady workload; the ledger of answered commands is checked against the final state read over
/// gRPC: nothing lost, nothing duplicated, nothing unexpected, and the fault behaves as it must.
/// </summary>
[Collection(nameof(FaultSuiteFixture))]
public sealed class FaultTests(FaultSuiteFixture fixture)
{
    [Fact]
    public Task F1_a_service_killed_between_its_commit_and_the_publish_loses_nothing() => RunAsync("crash-before-publish");

    [Fact]
    public Task F2_a_consumer_killed_before_it_acknowledges_does_nothing_twice() => RunAsync("consumer-crash-before-ack");

    [Fact]
    public Task F3_rabbitmq_killed_under_load_commands_go_on_and_events_drain() => RunAsync("rabbitmq-kill");

    [Fact]
    public Task F4_rabbitmq_frozen_for_30_seconds_publishes_time_out_nothing_hangs_and_it_drains() => RunAsync("rabbitmq-freeze");

    [Fact]
    public Task F5_redis_restarted_the_window_status_answers_from_the_database_and_the_cache_converges() => RunAsync("redis-restart");

    [Fact]
    public Task F6_postgresql_restarted_calls_fail_unavailable_and_succeed_after() => RunAsync("postgres-restart");

    [Fact]
    public Task F7_a_poison_message_ends_in_the_error_queue_without_personal_data() => RunAsync("poison-message");

    [Fact]
    public Task F8_a_lost_answer_retried_with_the_same_request_id_has_one_effect() => RunAsync("lost-reply");

    [Fact]
    public Task F9_sigterm_of_each_service_under_load_stops_it_gracefully_and_loses_nothing() => RunAsync("sigterm");

    private async Task RunAsync(string fault)
    {
        using var output = new StringWriter();
        var report = await Faults.RunAsync(fixture.Suite, fault, output);
        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        await File.AppendAllTextAsync(FaultSuiteFixture.ReportFile, output.ToString());

        Assert.True(report.Ledger.Ok > 0, "the workload had no command answered OK");
        Assert.True(report.Verdict.Lost == 0, $"lost {report.Verdict.Lost}\n{report}");
        Assert.True(report.Verdict.Duplicated == 0, $"duplicated {report.Verdict.Duplicated}\n{report}");
        Assert.True(report.Verdict.Unexpected == 0, $"unexpected {report.Verdict.Unexpected}\n{report}");
        Assert.True(report.Problems.Count == 0, report.ToString());
    }
}
