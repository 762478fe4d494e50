using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using RabbitMQ.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.Testing;
using StackExchange.Redis;

namespace ServiceHall.FaultHarness;

/// <summary>What one fault run sent, what it found, and anything the fault itself must show.</summary>
public sealed record FaultReport(string Fault, Ledger Ledger, Verdict Verdict, IReadOnlyList<string> Observations,
    IReadOnlyList<string> Problems)
{
    /// <summary>Nothing lost, doubled or unexpected, and the fault behaved as it must.</summary>
    public bool Passed => Verdict.Clean && Problems.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== fault {Fault}: {(Passed ? "PASSED" : "FAILED")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"   commands sent {Ledger.CommandsSent} ({string.Join(", ", Ledger.Sent.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}); " +
                        $"attempts {Ledger.Attempts}");
        text.AppendLine(CultureInfo.InvariantCulture, $"   ledger: ok {Ledger.Ok}, refused {Ledger.Refused}, unknown {Ledger.Unknown}; failed attempts: {Ledger.DescribeFailures()}; " +
                        $"calls past their deadline: {Ledger.Overran}");
        text.AppendLine(CultureInfo.InvariantCulture, $"   lost {Verdict.Lost}, duplicated {Verdict.Duplicated}, unexpected {Verdict.Unexpected}");
        foreach (var observation in Observations)
            text.AppendLine("   - " + observation);
        foreach (var problem in Problems)
            text.AppendLine("   ! " + problem);
        foreach (var detail in Verdict.Details.Take(20))
            text.AppendLine("   * " + detail);
        return text.ToString();
    }
}

/// <summary>The nine faults of the fault tests, each run under the workload and checked with the ledger.</summary>
public static class Faults
{
    public static readonly IReadOnlyList<string> All =
    [
        "crash-before-publish", "consumer-crash-before-ack", "rabbitmq-kill", "rabbitmq-freeze", "redis-restart",
        "postgres-restart", "poison-message", "lost-reply", "sigterm",
    ];

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    public static Task<FaultReport> RunAsync(FaultSuite suite, string fault, TextWriter log) => fault switch
    {
        "crash-before-publish" => CrashBeforePublishAsync(suite, log),
        "consumer-crash-before-ack" => ConsumerCrashBeforeAckAsync(suite, log),
        "rabbitmq-kill" => RabbitMqKillAsync(suite, log),
        "rabbitmq-freeze" => RabbitMqFreezeAsync(suite, log),
        "redis-restart" => RedisRestartAsync(suite, log),
        "postgres-restart" => PostgresRestartAsync(suite, log),
        "poison-message" => PoisonMessageAsync(suite, log),
        "lost-reply" => LostReplyAsync(suite, log),
        "sigterm" => SigtermAsync(suite, log),
        _ => throw new ArgumentException($"Unknown fault '{fault}'; one of: {string.Join(", ", All)}", nameof(fault)),
    };

    /// <summary>1. A service killed between its database commit and the event's publish, then restarted.</summary>
    private static Task<FaultReport> CrashBeforePublishAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "crash-before-publish", log, async (workload, notes, problems) =>
        {
            foreach (var (service, eventType) in new[] { (suite.Attendance, "attendance.StaffLate"), (suite.Cases, "cases.ServiceFinished") })
            {
                var exit = await CrashAtAsync(service, FaultPoints.CrashBeforePublish, eventType);
                var unpublished = await Sql.CountAsync(suite.DatabaseOf(service),
                    """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "SentAt" IS NULL""", eventType);
                notes.Add($"{service.Name} killed itself (exit {exit}) with {unpublished} committed {eventType} events unpublished");
                if (unpublished == 0)
                    problems.Add($"{service.Name}: no committed {eventType} was waiting for its publish at the kill");
                await Task.Delay(TimeSpan.FromSeconds(2)); // commands fail meanwhile and are retried
                await service.StartAsync();
                await WaitUntilPublishedAsync(suite, service, eventType, notes, problems);
            }
        });

    /// <summary>2. A consumer killed after its effect committed and before it acknowledged the broker, then restarted.</summary>
    private static Task<FaultReport> ConsumerCrashBeforeAckAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "consumer-crash-before-ack", log, async (workload, notes, problems) =>
        {
            foreach (var (service, eventType) in new[] { (suite.Discipline, "attendance.StaffLate"), (suite.Complaints, "cases.ServiceFinished") })
            {
                var exit = await CrashAtAsync(service, FaultPoints.CrashBeforeAck, eventType);
                var consumed = await Sql.CountAsync(suite.DatabaseOf(service),
                    """SELECT count(*) FROM inbox_messages WHERE "EventType" = $1""", eventType);
                notes.Add($"{service.Name} killed itself before acknowledging a {eventType} (exit {exit}); {consumed} consumed so far");
                await service.StartAsync();
            }
        });

    /// <summary>
    /// Restarts the service with a fault point set for the event type and waits until it killed itself there; the
    /// point is cleared for the next start. Returns the exit code (137: SIGKILL).
    /// </summary>
    private static async Task<int> CrashAtAsync(ServiceProcess service, string point, string eventType)
    {
        var setting = $"ServiceHall__FaultPoints__{point}";
        await service.TerminateAsync(TimeSpan.FromSeconds(30));
        service.SetEnvironment(setting, eventType);
        service.Launch(); // it may die before it is ready
        var exit = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
        service.SetEnvironment(setting, null);
        return exit;
    }

    /// <summary>3. RabbitMQ killed under load and restarted: commands keep succeeding, the events drain after.</summary>
    private static Task<FaultReport> RabbitMqKillAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "rabbitmq-kill", log, async (workload, notes, problems) =>
        {
            var before = workload.Ledger.Ok;
            await suite.RabbitMq.KillAsync();
            var killed = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(8));
            var during = workload.Ledger.Ok - before;
            notes.Add($"{during} commands answered OK in the {killed.Elapsed.TotalSeconds:F0} s RabbitMQ was dead");
            if (during == 0)
                problems.Add("no command succeeded while RabbitMQ was dead");
            await suite.RabbitMq.StartAsync();
            notes.Add($"RabbitMQ back after {killed.Elapsed.TotalSeconds:F0} s");
        }, afterSettle: async (_, notes, problems) =>
        {
            // Publishing resumed in every service (a client wedged by the restart would leave events behind, and the
            // next test's set-up would wait for them in vain), and every process still says it lives.
            var before = problems.Count;
            foreach (var service in suite.Services)
            {
                // The day check keeps writing events: wait for a moment with nothing left rather than demand one now.
                long unsent;
                try
                {
                    unsent = await Eventually.Until(() => Sql.CountAsync(suite.DatabaseOf(service),
                        """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL"""), n => n == 0,
                        TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    unsent = await Sql.CountAsync(suite.DatabaseOf(service),
                        """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL""");
                }
                var live = (await new Grpc.Health.V1.Health.HealthClient(service.Channel).CheckAsync(
                    new Grpc.Health.V1.HealthCheckRequest { Service = "" },
                    deadline: DateTime.UtcNow.AddSeconds(10))).Status;
                if (unsent > 0)
                    problems.Add($"{service.Name}: {unsent} events still unsent after the broker came back");
                if (live != Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                    problems.Add($"{service.Name}: liveness {live} after the broker came back");
            }
            if (problems.Count == before)
                notes.Add("every service's outbox empty and every service live after the broker came back");
        });

    /// <summary>4. RabbitMQ frozen (SIGSTOP) for 30 s: publishes time out, no call hangs past its deadline, it drains.</summary>
    private static Task<FaultReport> RabbitMqFreezeAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "rabbitmq-freeze", log, async (workload, notes, problems) =>
        {
            var before = workload.Ledger.Ok;
            await suite.RabbitMq.SignalAsync("STOP");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30));
            }
            finally
            {
                await suite.RabbitMq.SignalAsync("CONT");
            }
            var during = workload.Ledger.Ok - before;
            notes.Add($"{during} commands answered OK in the 30 s RabbitMQ was frozen");
            if (during == 0)
                problems.Add("no command succeeded while RabbitMQ was frozen");
            var timedOut = 0L;
            foreach (var service in suite.Services)
            {
                timedOut += await Sql.CountAsync(suite.DatabaseOf(service),
                    """SELECT count(*) FROM outbox_messages WHERE "Attempts" > 1""");
            }
            notes.Add($"{timedOut} outbox events needed more than one publish attempt (the frozen broker's publishes timed out and were retried)");
            if (timedOut == 0)
                problems.Add("no publish timed out while RabbitMQ was frozen");
        });

    /// <summary>5. Redis stopped and restarted: the window status answers from the database; the cache converges.</summary>
    private static Task<FaultReport> RedisRestartAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "redis-restart", log, async (workload, notes, problems) =>
        {
            var reader = TestAuth.Bearer("fault-wall", Roles.Office);
            await suite.Redis.StopAsync();
            var answered = 0;
            var failed = 0;
            var stopped = Stopwatch.StartNew();
            while (stopped.Elapsed < TimeSpan.FromSeconds(10))
            {
                foreach (var w in workload.Workers)
                {
                    try
                    {
                        await workload.Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = w.WindowId },
                            reader, DateTime.UtcNow.AddSeconds(5));
                        answered++;
                    }
                    catch (RpcException)
                    {
                        failed++;
                    }
                }
                await Task.Delay(500);
            }
            notes.Add($"window status while Redis was down: {answered} answered, {failed} failed");
            if (failed > 0 || answered == 0)
                problems.Add($"the window status did not answer from the database while Redis was down ({failed} failed)");
            await suite.Redis.StartAsync();
        }, afterSettle: async (workload, notes, problems) =>
        {
            // Every window's last visit was finished (answered OK): neither the wall nor its cache may show it serving.
            var reader = TestAuth.Bearer("fault-wall", Roles.Office);
            using var redis = await ConnectionMultiplexer.ConnectAsync(suite.Redis.ConnectionString());
            int fresh = 0, missing = 0;
            foreach (var w in workload.Workers.Where(w => w.Blocked is null))
            {
                var cached = (string?)await redis.GetDatabase().StringGetAsync($"servicehall:attendance:window:{w.WindowId}");
                var status = await workload.Attendance.GetWindowStatusAsync(
                    new GetWindowStatusRequest { WindowId = w.WindowId }, reader, DateTime.UtcNow.AddSeconds(5));
                if (status.State == WindowState.Serving)
                {
                    var row = await Sql.TextAsync(suite.DatabaseOf(suite.Attendance),
                        """SELECT concat_ws(' ', "ServingTicketId", "ServingSince", "ChangedAt") FROM window_activity WHERE "WindowId" = $1""",
                        w.WindowId);
                    problems.Add($"the wall shows {w.WindowId} serving {status.ServingTicketId} after its last visit finished (database: {row})");
                }
                if (cached is null)
                {
                    missing++; // a miss: the next read fills it from the database
                    continue;
                }
                using var json = System.Text.Json.JsonDocument.Parse(cached);
                var entry = json.RootElement.GetProperty("status");
                var serving = entry.TryGetProperty("servingTicketId", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String
                    ? t.GetString() : null;
                if (serving is null)
                    fresh++;
                else
                    problems.Add($"the cache of {w.WindowId} still holds ticket {serving} serving: {cached}");
            }
            notes.Add($"after the restart: {fresh} windows cached up to date, {missing} not cached (read from the database), " +
                      $"{workload.Workers.Count - fresh - missing} stale");
        });

    /// <summary>6. PostgreSQL restarted: calls fail UNAVAILABLE meanwhile (never half-written), succeed after.</summary>
    private static Task<FaultReport> PostgresRestartAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "postgres-restart", log, async (workload, notes, problems) =>
        {
            var before = workload.Ledger.Failures.ToDictionary(f => f.Key, f => f.Value);
            await suite.Postgres.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(8));
            await suite.Postgres.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var during = workload.Ledger.Failures
                .Select(f => (f.Key, Count: f.Value - before.GetValueOrDefault(f.Key)))
                .Where(f => f.Count > 0).ToList();
            notes.Add("failed attempts while PostgreSQL restarted: " +
                      (during.Count == 0 ? "none" : string.Join(", ", during.Select(f => $"{f.Key} {f.Count}"))));
            if (!during.Any(f => f.Key == StatusCode.Unavailable))
                problems.Add("no call failed UNAVAILABLE while PostgreSQL was down");
            foreach (var (status, count) in during.Where(f => f.Key is StatusCode.Unknown or StatusCode.Internal))
                problems.Add($"{count} calls failed {status} instead of UNAVAILABLE while PostgreSQL was down");
        });

    /// <summary>7. A poison message: it ends in the error queue, the queue keeps flowing, no personal data in the record.</summary>
    private static Task<FaultReport> PoisonMessageAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "poison-message", log, async (workload, notes, problems) =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(suite.RabbitMq.ConnectionString()) };
            await using var connection = await factory.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            var poisonId = Guid.NewGuid();
            // A StaffLate whose event id is no id: the consumer cannot take it, however often it is retried.
            var body = $$"""
                {"messageId":"{{poisonId}}","messageType":["urn:message:ServiceHall.Contracts.Attendance:StaffLate"],
                 "message":{"eventId":"not-an-id","occurredAt":"2026-11-27T01:00:00Z","hallId":"hall-1","staffId":"{{workload.Workers[0].StaffId}}"},
                 "sentTime":"{{DateTime.UtcNow:O}}"}
                """;
            await channel.BasicPublishAsync("", "servicehall.discipline", mandatory: true,
                new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = poisonId.ToString() },
                Encoding.UTF8.GetBytes(body));
            var errorQueue = "servicehall.discipline_error";
            BasicGetResult? error = null;
            var waited = Stopwatch.StartNew();
            while (error is null && waited.Elapsed < TimeSpan.FromSeconds(90))
            {
                try
                {
                    error = await channel.BasicGetAsync(errorQueue, autoAck: false);
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // The error queue is created with the first fault; until then the broker closes the channel.
                    await channel.DisposeAsync();
                    channel = await connection.CreateChannelAsync();
                }
                if (error is null)
                    await Task.Delay(500);
            }
            if (error is null)
            {
                await channel.DisposeAsync();
                problems.Add($"the poison message did not reach {errorQueue} within {waited.Elapsed.TotalSeconds:F0} s");
                return;
            }
            notes.Add($"the poison message reached {errorQueue} after {waited.Elapsed.TotalSeconds:F0} s (retries first)");
            var record = new StringBuilder(Encoding.UTF8.GetString(error.Body.Span));
            foreach (var (key, value) in error.BasicProperties.Headers ?? new Dictionary<string, object?>())
                record.Append('\n').Append(key).Append(": ").Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value);
            if (!record.ToString().Contains(poisonId.ToString(), StringComparison.Ordinal) &&
                error.BasicProperties.MessageId != poisonId.ToString())
                problems.Add("the message in the error queue is not the poison message");
            var leaked = PersonalDataIn(record.ToString(), workload.PersonalData);
            notes.Add($"error record: {record.Length} characters, fault headers {string.Join(", ", (error.BasicProperties.Headers ?? new Dictionary<string, object?>()).Keys.Where(k => k.StartsWith("MT-Fault", StringComparison.Ordinal)))}; personal data found: {leaked.Count}");
            if (leaked.Count > 0)
                problems.Add($"the error record holds personal data: {string.Join(", ", leaked)}");
            await channel.BasicNackAsync(error.DeliveryTag, multiple: false, requeue: true); // left for the operators
            await channel.DisposeAsync();
        }, afterSettle: (workload, notes, problems) =>
        {
            foreach (var service in suite.Services)
            {
                var leaked = PersonalDataIn(File.ReadAllText(service.LogFile), workload.PersonalData);
                if (leaked.Count > 0)
                    problems.Add($"{service.Name}'s log holds personal data: {string.Join(", ", leaked.Take(3))}");
            }
            notes.Add($"{workload.PersonalData.Count} ID numbers and phones sent; none in the four services' logs");
            return Task.CompletedTask;
        });

    /// <summary>8. Answers lost on the way back: the client retries with the same request id; one effect each.</summary>
    private static async Task<FaultReport> LostReplyAsync(FaultSuite suite, TextWriter log)
    {
        await using var attendance = new ReplyDroppingProxy(suite.Attendance.Port);
        await using var cases = new ReplyDroppingProxy(suite.Cases.Port);
        await using var complaints = new ReplyDroppingProxy(suite.Complaints.Port);
        using var a = DeadlineChannel.ForAddress(attendance.Url);
        using var c = DeadlineChannel.ForAddress(cases.Url);
        using var p = DeadlineChannel.ForAddress(complaints.Url);
        return await UnderLoadAsync(suite, "lost-reply", log, async (workload, notes, problems) =>
        {
            attendance.DropEvery = cases.DropEvery = complaints.DropEvery = 5;
            await Task.Delay(TimeSpan.FromSeconds(15));
            notes.Add($"answers lost: attendance {attendance.Dropped}, cases {cases.Dropped}, complaints {complaints.Dropped}");
            if (attendance.Dropped == 0 || cases.Dropped == 0)
                problems.Add("no answer was lost");
            attendance.DropEvery = cases.DropEvery = complaints.DropEvery = 0;
        }, channels: (a, c, p));
    }

    /// <summary>9. SIGTERM of each service under load: a graceful stop (exit 0), a restart, nothing lost.</summary>
    private static Task<FaultReport> SigtermAsync(FaultSuite suite, TextWriter log) =>
        UnderLoadAsync(suite, "sigterm", log, async (workload, notes, problems) =>
        {
            foreach (var service in suite.Services)
            {
                var stopping = Stopwatch.StartNew();
                try
                {
                    var exit = await service.TerminateAsync(TimeSpan.FromSeconds(45));
                    notes.Add($"{service.Name} stopped in {stopping.Elapsed.TotalSeconds:F1} s with exit code {exit}");
                    if (exit != 0)
                        problems.Add($"{service.Name} exited {exit} on SIGTERM");
                }
                catch (TimeoutException e)
                {
                    problems.Add(e.Message);
                }
                await service.StartAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
        });

    private static async Task WaitUntilPublishedAsync(FaultSuite suite, ServiceProcess service,
        string eventType, List<string> notes, List<string> problems)
    {
        var waited = Stopwatch.StartNew();
        long left;
        do
        {
            await Task.Delay(200);
            left = await Sql.CountAsync(suite.DatabaseOf(service),
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "SentAt" IS NULL""", eventType);
        }
        while (left > 0 && waited.Elapsed < TimeSpan.FromSeconds(30));
        if (left > 0)
            problems.Add($"{service.Name}: {left} {eventType} events still unpublished 30 s after the restart");
        else
            notes.Add($"{service.Name} restarted; its {eventType} events were all published {waited.Elapsed.TotalSeconds:F1} s later");
    }

    private static List<string> PersonalDataIn(string text, IEnumerable<string> personalData)
    {
        var found = personalData.Where(value => text.Contains(value, StringComparison.Ordinal)).ToList();
        // Any 18-character resident ID number at all (the workload's start with 110101).
        found.AddRange(Regex.Matches(text, @"(?<!\d)110101\d{12}(?!\d)").Select(m => m.Value));
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static async Task<FaultReport> UnderLoadAsync(FaultSuite suite, string fault, TextWriter log,
        Func<HallWorkload, List<string>, List<string>, Task> inject,
        Func<HallWorkload, List<string>, List<string>, Task>? afterSettle = null,
        (ChannelBase Attendance, ChannelBase Cases, ChannelBase Complaints)? channels = null)
    {
        var runId = $"{Array.IndexOf([.. All], fault) + 1}{Guid.NewGuid().ToString("N")[..6]}";
        using var workload = new HallWorkload(runId, workers: 3, channels?.Attendance ?? suite.Attendance.Channel,
            channels?.Cases ?? suite.Cases.Channel, channels?.Complaints ?? suite.Complaints.Channel);
        var notes = new List<string>();
        var problems = new List<string>();
        var clock = Stopwatch.StartNew();
        await workload.SetUpAsync();
        workload.Start();
        await Task.Delay(Warmup);
        try
        {
            await inject(workload, notes, problems);
        }
        finally
        {
            await suite.EnsureRunningAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // the stream goes on after the recovery
        await workload.StopAsync();
        var loadTime = clock.Elapsed;
        var check = new LedgerCheck(workload, suite.Attendance.Channel, suite.Cases.Channel, suite.Complaints.Channel,
            suite.Discipline.Channel);
        var verdict = await check.SettleAsync(Settle);
        if (afterSettle is not null)
            await afterSettle(workload, notes, problems);
        if (workload.Ledger.Overran > 0)
            problems.Add($"{workload.Ledger.Overran} calls came back later than their deadline");
        foreach (var blocked in workload.Workers.Where(w => w.Blocked is not null))
            notes.Add($"window {blocked.WindowId} stopped serving visits: {blocked.Blocked}");
        notes.Add($"load and fault {loadTime.TotalSeconds:F0} s, settled in {(clock.Elapsed - loadTime).TotalSeconds:F0} s");
        var report = new FaultReport(fault, workload.Ledger, verdict, notes, problems);
        await log.WriteAsync(report.ToString());
        await log.FlushAsync();
        return report;
    }
}
