using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>
/// Crash points for the fault tests (configuration section <c>ServiceHall:FaultPoints</c>, empty in every shipped
/// setting). When a point names an event type (e.g. <c>attendance.StaffLate</c>), the process kills itself with
/// SIGKILL the first time it reaches that point for that event type — the crash a power cut would cause, at the most
/// awkward moment, so a test can prove that nothing committed is lost and nothing is done twice after a restart:
/// <list type="bullet">
/// <item><c>CrashBeforePublish</c>: the event's outbox row is committed, the broker has not received it.</item>
/// <item><c>CrashAfterPublish</c>: the event was handed on (broker confirmed, or standalone consumers done) and its
/// row marked sent.</item>
/// <item><c>CrashBeforeAck</c>: a consumer committed its effect, the broker has not been acknowledged.</item>
/// </list>
/// One point wedges instead of crashing: <c>WedgePublish</c> makes the publish of that event type, and of every event
/// after it, never return and ignore its cancellation — what RabbitMQ.Client 7.2's <c>BasicPublishAsync</c> with
/// publisher confirms can do after a broker restart (rabbitmq/rabbitmq-dotnet-client#1930) — until the relay restarts
/// the bus; then it is spent.
/// </summary>
public sealed partial class FaultPoints(IConfiguration configuration, ILogger<FaultPoints> logger)
{
    public const string Section = "ServiceHall:FaultPoints";
    public const string CrashBeforePublish = nameof(CrashBeforePublish);
    public const string CrashAfterPublish = nameof(CrashAfterPublish);
    public const string CrashBeforeAck = nameof(CrashBeforeAck);
    public const string WedgePublish = nameof(WedgePublish);

    private static readonly Task Never = new TaskCompletionSource().Task;
    private int _wedge; // 0: not reached, 1: publishing wedged, 2: spent

    // Read once: the relay asks for every event it publishes, and nothing is configured outside the fault tests.
    private readonly Dictionary<string, string> _points = configuration.GetSection(Section).GetChildren()
        .Where(c => !string.IsNullOrEmpty(c.Value))
        .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);

    public void CrashIf(string point, string eventType)
    {
        if (_points.Count == 0 || !_points.TryGetValue(point, out var configured) ||
            !string.Equals(configured, eventType, StringComparison.Ordinal))
            return;
        LogCrash(point, eventType);
        // The logger writes from a queue that the kill would cut short: say it on stderr, which is unbuffered.
        Console.Error.WriteLine($"crit: fault point {point} reached for {eventType}: killing the process");
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }

    /// <summary>
    /// While <see cref="WedgePublish"/> holds: a publish that never returns, to be used instead of the real one;
    /// otherwise null.
    /// </summary>
    public Task? WedgedPublish(string eventType)
    {
        if (_points.Count == 0)
            return null;
        if (Volatile.Read(ref _wedge) == 0 && _points.TryGetValue(WedgePublish, out var configured) &&
            string.Equals(configured, eventType, StringComparison.Ordinal) &&
            Interlocked.CompareExchange(ref _wedge, 1, 0) == 0)
            LogWedged(eventType);
        return Volatile.Read(ref _wedge) == 1 ? Never : null;
    }

    /// <summary>The bus was restarted: a wedged publish path is cured.</summary>
    public void PublishPathRestarted() => Interlocked.CompareExchange(ref _wedge, 2, 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault point WedgePublish reached for {EventType}: publishes hang until the bus is restarted")]
    private partial void LogWedged(string eventType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fault point {Point} reached for {EventType}: killing the process")]
    private partial void LogCrash(string point, string eventType);
}
