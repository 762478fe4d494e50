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
/// </summary>
public sealed partial class FaultPoints(IConfiguration configuration, ILogger<FaultPoints> logger)
{
    public const string Section = "ServiceHall:FaultPoints";
    public const string CrashBeforePublish = nameof(CrashBeforePublish);
    public const string CrashAfterPublish = nameof(CrashAfterPublish);
    public const string CrashBeforeAck = nameof(CrashBeforeAck);

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

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fault point {Point} reached for {EventType}: killing the process")]
    private partial void LogCrash(string point, string eventType);
}
