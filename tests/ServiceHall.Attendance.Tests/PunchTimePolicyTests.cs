using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Tests;

public sealed class PunchTimePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private PunchTimePolicy Policy(WorkSchedule? schedule = null) => new(schedule ?? new WorkSchedule(), _time);

    [Fact]
    public void A_punch_without_a_time_takes_the_server_clock()
    {
        _time.Advance(TimeSpan.FromMinutes(7));

        Assert.Equal((Now.AddMinutes(7), (string?)null), Policy().Resolve(null, witnessedByMachine: true));
    }

    [Fact]
    public void Offline_punches_are_accepted_up_to_seven_days_back()
    {
        Assert.Equal(Now.AddDays(-7), Policy().Resolve(Now.AddDays(-7), witnessedByMachine: true).PunchedAt);
        var refused = Policy().Resolve(Now.AddDays(-7).AddSeconds(-1), witnessedByMachine: true);

        Assert.Null(refused.PunchedAt);
        Assert.Contains("7 days in the past", refused.Error);
    }

    [Fact]
    public void Device_clocks_may_run_two_minutes_ahead_and_no_more()
    {
        Assert.NotNull(Policy().Resolve(Now.AddMinutes(2), witnessedByMachine: true).PunchedAt);
        var refused = Policy().Resolve(Now.AddMinutes(2).AddSeconds(1), witnessedByMachine: true);

        Assert.Contains("ahead of the server clock", refused.Error);
    }

    [Fact]
    public void The_backfill_window_is_configurable()
    {
        var policy = Policy(new WorkSchedule { MaxBackfill = TimeSpan.FromDays(1) });

        Assert.NotNull(policy.Resolve(Now.AddHours(-23), witnessedByMachine: true).PunchedAt);
        Assert.Null(policy.Resolve(Now.AddHours(-25), witnessedByMachine: true).PunchedAt);
    }

    [Fact]
    public void Accepted_times_are_stored_in_utc()
    {
        var local = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal(TimeSpan.Zero, Policy().Resolve(local, witnessedByMachine: true).PunchedAt!.Value.Offset);
    }

    [Fact]
    public void A_staff_members_own_punch_cannot_name_a_time_only_a_machine_witnesses_one()
    {
        var refused = Policy().Resolve(Now.AddMinutes(-1), witnessedByMachine: false);

        Assert.Null(refused.PunchedAt);
        Assert.Contains("badge reader or kiosk", refused.Error);
        Assert.Equal((Now, (string?)null), Policy().Resolve(null, witnessedByMachine: false));
    }

    [Fact]
    public void Punch_times_are_kept_to_the_millisecond_so_the_databases_store_them_exactly()
    {
        _time.Advance(TimeSpan.FromTicks(1_234_567)); // 123.4567 ms

        Assert.Equal(Now.AddMilliseconds(123), Policy().Resolve(null, witnessedByMachine: false).PunchedAt);
        var local = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(8)).AddTicks(9_999);
        Assert.Equal(local.AddTicks(-9_999), Policy().Resolve(local, witnessedByMachine: true).PunchedAt);
    }
}
