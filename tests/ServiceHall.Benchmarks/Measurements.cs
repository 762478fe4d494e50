using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Npgsql;
using ServiceHall.Testing;

namespace ServiceHall.Benchmarks;

/// <summary>
/// The measurements, one after another on the same servers, each printed as a row: rate, p50/p99, failures, its limit
/// and the ratio, and the CPU each process used meanwhile (100 % = one core).
/// </summary>
public sealed class Measurements(BenchSuite suite, BenchOptions options)
{
    private const int ReadCallers = 64;
    private const int WriteCallers = 32;
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];
    private ServiceProcess? _standalone;

    private TimeSpan Duration => options.Duration;

    /// <summary>
    /// How long each path runs before it is measured: the JIT compiles and tiers up a write path for tens of seconds
    /// (attendance compiled ~470 methods a second in the first 10 s of clock-ins, ~24 after 30 s); a hall's services
    /// run for hours, so the steady state is what counts. One second in the quick run.
    /// </summary>
    private TimeSpan WarmUp => options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Min(20, Math.Max(5, Duration.TotalSeconds)));

    public async Task<string> RunAsync()
    {
        await QuietAsync();
        var insertLimit = await LimitAsync("pgbench: one-row insert, 16 clients", () => PgBench.InsertRateAsync(suite.Postgres, Duration));

        using var echoChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{suite.EchoPort}",
            new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        var echo = new Health.HealthClient(echoChannel);
        var echoRequest = new HealthCheckRequest();
        var echoLimit = await RowAsync("bare gRPC echo, closed loop", null, null,
            () => Load.ClosedLoopAsync("echo", ReadCallers, Duration, _ => echo.CheckAsync(echoRequest).ResponseAsync));

        using var hall = new Hall("bench", suite.Attendance.Url, suite.Cases.Url);
        await hall.SetUpAsync();

        // Cached reads: the wall display reading windows (Redis behind the service).
        var readMax = options.Runs("read") || options.Runs("tracing") ? await ReadsAsync(hall, echoLimit.Rate) : null;
        // Writes: on-time clock-ins (one punch, the day judged, StaffClockedIn to the outbox).
        if (options.Runs("write"))
            await WritesAsync(hall, insertLimit);
        // A citizen's visit: five calls to cases, at 40 windows.
        if (options.Runs("visit"))
            await VisitsAsync(hall);

        // Events: a late clock-in's answer to discipline's violation (after late clock-ins have warmed the path up).
        if (options.Runs("events"))
        {
            await Load.ClosedLoopAsync("warm-up", 4, WarmUp, _ => hall.ClockInAsync(late: true));
            await SettleAsync();
        }
        foreach (var rate in !options.Runs("events") ? [] : options.Quick ? new[] { 50, 100 } : [100, 500])
            await EventLatencyAsync(hall, rate);

        // Tracing: the cached read with tracing off, on (the default, no exporter) and on with OTLP export.
        if (options.Runs("tracing"))
            await TracingAsync(hall, readMax?.Rate ?? 0);

        try
        {
            if (options.Runs("standalone"))
                await StandaloneAsync(insertLimit);
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or InvalidOperationException or TimeoutException)
        {
            _notes.Add($"the standalone host's measurements failed: {e.GetType().Name}: {e.Message}");
        }
        return Report();
    }

    private async Task<LoadResult> ReadsAsync(Hall hall, double echoRate)
    {
        await Load.ClosedLoopAsync("warm-up", 8, WarmUp, _ => hall.ReadWindowAsync());
        var readMax = await RowAsync("GetWindowStatus, closed loop", echoRate, "echo",
            () => Load.ClosedLoopAsync("read", ReadCallers, Duration, _ => hall.ReadWindowAsync()));
        var readRate = options.Quick ? 1000 : 5000;
        await RowAsync($"GetWindowStatus at {readRate}/s", null, null,
            () => Load.OpenLoopAsync("read", readRate, Duration, _ => hall.ReadWindowAsync()));
        await QuietAsync();
        return readMax;
    }

    private async Task WritesAsync(Hall hall, double insertLimit)
    {
        await Load.ClosedLoopAsync("warm-up", 4, WarmUp, _ => hall.ClockInAsync(late: false));
        await RowAsync("ClockIn, closed loop", insertLimit, "pgbench",
            () => Load.ClosedLoopAsync("clock-in", WriteCallers, Duration, _ => hall.ClockInAsync(late: false)));
        await SettleAsync();
        var writeRate = options.Quick ? 200 : 1000;
        await RowAsync($"ClockIn at {writeRate}/s", null, null,
            () => Load.OpenLoopAsync("clock-in", writeRate, Duration, _ => hall.ClockInAsync(late: false)));
        await SettleAsync();
    }

    private async Task VisitsAsync(Hall hall)
    {
        var visitRate = options.Quick ? 10 : 40;
        // Visits at every window, one at a time each, until the path is compiled (cases JIT-compiled ~1 s a second
        // during the first unwarmed visits).
        await Load.ClosedLoopAsync("warm-up", 40, WarmUp, i => hall.VisitAsync(i));
        await SettleAsync();
        await RowAsync($"visit (ticket to finish, 5 calls) at {visitRate}/s", null, null,
            () => Load.OpenLoopAsync("visit", visitRate, Duration, i => hall.VisitAsync(i)));
        await SettleAsync();
    }

    /// <summary>
    /// Waits (at most a minute) until the services are idle: just started, they compile and warm up for a while, and
    /// that CPU would be counted against the first measurements.
    /// </summary>
    private async Task QuietAsync()
    {
        var pids = suite.Processes().Take(4).Select(p => p.Pid() ?? 0).Where(p => p > 0).ToList();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var busy = double.MaxValue;
        while (busy > 10 && DateTimeOffset.UtcNow < deadline)
        {
            var before = ProcessCpu.Read(pids);
            await Task.Delay(1000);
            var after = ProcessCpu.Read(pids);
            busy = pids.Sum(p => after[p] - before[p]) * 100;
        }
        if (busy > 10)
            _notes.Add($"the services did not go idle within a minute ({busy:F0} % of a core together) before a measurement");
    }

    private async Task<double> LimitAsync(string name, Func<Task<double>> measure)
    {
        var (rate, cpu) = await WithCpuAsync(measure);
        _rows.Add([name, F(rate), "", "", "", "", "", cpu]);
        return rate;
    }

    private async Task<LoadResult> RowAsync(string name, double? limit, string? limitName, Func<Task<LoadResult>> measure,
        string? note = null)
    {
        Console.WriteLine($"measuring {name} ...");
        var (result, cpu) = await WithCpuAsync(measure);
        _rows.Add([name, F(result.Rate), Ms(result.P50), Ms(result.P99), result.Failed.ToString(CultureInfo.InvariantCulture),
            limit is { } l ? $"{limitName} {F(l)}" : "", limit is { } lim && lim > 0 ? $"{100 * result.Rate / lim:F1} %" : "",
            cpu]);
        if (result.FirstError is { } error)
            _notes.Add($"{name}: {result.Failed} failed, first: {error}");
        if (note is not null)
            _notes.Add($"{name}: {note}");
        Console.WriteLine($"{name}: {F(result.Rate)}/s p50 {Ms(result.P50)} ms p99 {Ms(result.P99)} ms failed {result.Failed}");
        return result;
    }

    private async Task<(T Result, string Cpu)> WithCpuAsync<T>(Func<Task<T>> measure)
    {
        var processes = suite.Processes().ToList();
        if (_standalone?.ProcessId is { } standalonePid)
            processes.Add(("standalone", () => standalonePid));
        var pids = processes.Select(p => (p.Name, Pid: p.Pid() ?? 0)).Where(p => p.Pid > 0).ToList();
        var before = ProcessCpu.Read(pids.Select(p => p.Pid));
        var clock = Stopwatch.StartNew();
        var result = await measure();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = ProcessCpu.Read(pids.Select(p => p.Pid));
        var cpu = string.Join(", ", pids
            .Select(p => (p.Name, Percent: 100 * (after[p.Pid] - before[p.Pid]) / seconds))
            .Where(p => p.Percent >= 2)
            .Select(p => $"{p.Name} {p.Percent:F0}%"));
        return (result, cpu);
    }

    /// <summary>Between two write measurements: the outbox sent and discipline idle, so one does not pay for the last.</summary>
    private async Task SettleAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var pending = 0L;
            foreach (var database in new[] { "servicehall_attendance", "servicehall_cases" })
                pending += await ScalarAsync(database, """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL""");
            if (pending == 0)
                break;
            await Task.Delay(250);
        }
        await QuietAsync();
    }

    private async Task EventLatencyAsync(Hall hall, int rate)
    {
        var answers = new LateAnswers();
        using var sampling = new CancellationTokenSource();
        var lag = SampleOutboxLagAsync(sampling.Token);
        var (result, cpu) = await WithCpuAsync(() => Load.OpenLoopAsync("late", rate, Duration, async _ =>
        {
            var (staff, day, late) = await hall.ClockInAsync(late: true);
            if (late)
                answers.AnsweredAt[(staff, day)] = DateTimeOffset.UtcNow;
        }));
        var expected = answers.AnsweredAt.Count;
        var recorded = new Dictionary<(string, DateOnly), double>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (recorded.Count < expected && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500);
            recorded = await ViolationsAsync(answers);
        }
        await sampling.CancelAsync();
        var maxLag = await lag;
        var latencies = recorded.Values.Order().ToArray();
        var seen = new LoadResult("events", expected, recorded.Count, expected - recorded.Count, Duration.TotalSeconds,
            latencies, expected == recorded.Count ? null : $"{expected - recorded.Count} violations not recorded within 120 s");
        _rows.Add([$"StaffLate: outbox row → discipline's violation, clock-ins at {rate}/s", F(seen.Rate), Ms(seen.P50), Ms(seen.P99),
            seen.Failed.ToString(CultureInfo.InvariantCulture), "", "", cpu]);
        _notes.Add($"late clock-ins at {rate}/s: {result.Ok} answered (p99 {Ms(result.P99)} ms, {result.Failed} failed), " +
                   $"{expected} late; attendance's outbox at most {maxLag:F2} s behind");
        Console.WriteLine($"events at {rate}/s: p50 {Ms(seen.P50)} ms p99 {Ms(seen.P99)} ms, outbox lag ≤ {maxLag:F2} s, missing {seen.Failed}");
        await SettleAsync();
    }

    private async Task<double> SampleOutboxLagAsync(CancellationToken stop)
    {
        var max = 0.0;
        await using var connection = new NpgsqlConnection(suite.Postgres.ConnectionString("servicehall_attendance"));
        await connection.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using var command = new NpgsqlCommand("""
                SELECT coalesce(extract(epoch FROM clock_timestamp() - min("CreatedAt")), 0)::float8
                FROM outbox_messages WHERE "SentAt" IS NULL
                """, connection);
            max = Math.Max(max, (double)(await command.ExecuteScalarAsync(CancellationToken.None))!);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return max;
    }

    /// <summary>
    /// Discipline's late-arrival violations of the answered clock-ins, each with its latency: from the moment attendance
    /// wrote the <c>StaffLate</c> event to its outbox (the row's CreatedAt, committed with the day's judgement) to the
    /// moment discipline recorded the violation (RecordedAt) — the outbox relay, RabbitMQ and the consumer. Both clocks
    /// are this machine's.
    /// </summary>
    private async Task<Dictionary<(string, DateOnly), double>> ViolationsAsync(LateAnswers answers)
    {
        var recorded = new Dictionary<Guid, ((string, DateOnly) Key, DateTimeOffset At)>();
        await using (var connection = new NpgsqlConnection(suite.Postgres.ConnectionString("servicehall_discipline")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT "EventId", "StaffId", "WorkDate", "RecordedAt" FROM attendance_violations WHERE "Kind" = 1
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = (reader.GetString(1), reader.GetFieldValue<DateOnly>(2));
                if (answers.AnsweredAt.ContainsKey(key))
                    recorded[reader.GetGuid(0)] = (key, reader.GetFieldValue<DateTimeOffset>(3));
            }
        }
        var result = new Dictionary<(string, DateOnly), double>();
        await using (var connection = new NpgsqlConnection(suite.Postgres.ConnectionString("servicehall_attendance")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT "Id", "CreatedAt" FROM outbox_messages WHERE "Id" = ANY($1)
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = recorded.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (key, at) = recorded[reader.GetGuid(0)];
                result[key] = (at - reader.GetFieldValue<DateTimeOffset>(1)).TotalMilliseconds;
            }
        }
        return result;
    }

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(suite.Postgres.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task TracingAsync(Hall hall, double tracingOn)
    {
        await RestartAttendanceAsync(("ServiceHall__Tracing__Enabled", "false"));
        await Load.ClosedLoopAsync("warm-up", 8, WarmUp, _ => hall.ReadWindowAsync());
        var off = await RowAsync("GetWindowStatus, closed loop, tracing off", null, null,
            () => Load.ClosedLoopAsync("read", ReadCallers, Duration, _ => hall.ReadWindowAsync()));
        await RestartAttendanceAsync(("ServiceHall__Tracing__Enabled", null),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{suite.OtlpPort}"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        await Load.ClosedLoopAsync("warm-up", 8, WarmUp, _ => hall.ReadWindowAsync());
        var exported = await RowAsync("GetWindowStatus, closed loop, tracing + OTLP export", off.Rate, "tracing off",
            () => Load.ClosedLoopAsync("read", ReadCallers, Duration, _ => hall.ReadWindowAsync()));
        _notes.Add($"tracing costs {Cost(off.Rate, tracingOn)} on the cached read without export, " +
                   $"{Cost(off.Rate, exported.Rate)} with OTLP export");
        await RestartAttendanceAsync(("OTEL_EXPORTER_OTLP_ENDPOINT", null), ("OTEL_EXPORTER_OTLP_PROTOCOL", null));
    }

    private static string Cost(double off, double on) => off > 0 ? $"{100 * (off - on) / off:F1} %" : "?";

    private async Task RestartAttendanceAsync(params (string Key, string? Value)[] settings)
    {
        await suite.Attendance.TerminateAsync(TimeSpan.FromSeconds(30));
        foreach (var (key, value) in settings)
            suite.Attendance.SetEnvironment(key, value);
        await suite.Attendance.StartAsync();
    }

    private async Task StandaloneAsync(double insertLimit)
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-bench", $"standalone-{Guid.NewGuid():N}");
        var settings = BenchSuite.ServiceSettings();
        settings["ServiceHall__DataFolder"] = folder;
        _standalone = suite.Own(new ServiceProcess("bench-standalone", "deploy/Standalone", settings));
        await _standalone.StartAsync();
        using var hall = new Hall("solo", _standalone.Url, _standalone.Url);
        await hall.SetUpAsync();
        await Load.ClosedLoopAsync("warm-up", 4, WarmUp, _ => hall.ClockInAsync(late: false));
        await RowAsync("standalone (SQLite): ClockIn, closed loop", insertLimit, "pgbench",
            () => Load.ClosedLoopAsync("clock-in", WriteCallers, Duration, _ => hall.ClockInAsync(late: false)));
        var rate = options.Quick ? 100 : 500;
        await RowAsync($"standalone (SQLite): ClockIn at {rate}/s", null, null,
            () => Load.OpenLoopAsync("clock-in", rate, Duration, _ => hall.ClockInAsync(late: false)));
        await RowAsync("standalone (SQLite): GetWindowStatus, closed loop", null, null,
            () => Load.ClosedLoopAsync("read", ReadCallers, Duration, _ => hall.ReadWindowAsync()));
        await _standalone.DisposeAsync();
        _standalone = null;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Report()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"ServiceHall benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {options.Configuration} build, " +
            $"{Environment.ProcessorCount} cores, {options.Seconds:F0} s per measurement (open loop: latency from the scheduled send)");
        text.AppendLine();
        string[] header = ["measurement", "per s", "p50 ms", "p99 ms", "failed", "limit", "of limit", "CPU (100 % = one core)"];
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in _rows)
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        text.AppendLine();
        foreach (var note in _notes)
            text.AppendLine("- " + note);
        return text.ToString();
    }

    private static string F(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "F2" : "F0", CultureInfo.InvariantCulture);
}
