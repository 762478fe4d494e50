using Google.Protobuf.Reflection;
using ServiceHall.Testing;

[assembly: AssemblyFixture(typeof(ServiceHall.IntegrationTests.ReplayCoverageFixture))]

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The integration tests' channels send every mutating call twice with its request id (<see cref="SendTwiceInterceptor"/>).
/// With <c>SERVICEHALL_REPLAY_REQUIRED=1</c> (the full run in <c>deploy/scripts/test.sh</c>), the run fails at its end
/// unless every mutating RPC of the four protos was sent again at least once and answered as the first time — a new
/// RPC without a test that calls it fails the run.
/// </summary>
public sealed class ReplayCoverageFixture : IAsyncLifetime
{
    public static IReadOnlyList<string> MutatingMethods() =>
    [
        .. new[]
            {
                Attendance.V1.AttendanceReflection.Descriptor, Cases.V1.CasesReflection.Descriptor,
                Complaints.V1.ComplaintsReflection.Descriptor, Discipline.V1.DisciplineReflection.Descriptor,
            }
            .SelectMany(file => file.Services).SelectMany(s => s.Methods)
            .Where(m => m.GetOptions()?.IdempotencyLevel != MethodOptions.Types.IdempotencyLevel.NoSideEffects)
            .Select(m => $"/{m.Service.FullName}/{m.Name}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Where a failed check leaves its list (the test script prints it).</summary>
    public static string MissingReport => Path.Combine(Path.GetTempPath(), "servicehall-replay-missing.txt");

    public ValueTask InitializeAsync()
    {
        File.Delete(MissingReport);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SERVICEHALL_REPLAY_REQUIRED") != "1")
            return ValueTask.CompletedTask;
        var missing = MutatingMethods().Where(m => !SendTwiceInterceptor.ReplayedMethods.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            var message =
                $"{missing.Count} mutating RPCs were never sent again with their request id: {string.Join(", ", missing)}";
            // The runner reports a cleanup failure without its message; deploy/scripts/test.sh prints this file.
            File.WriteAllText(MissingReport, message + Environment.NewLine);
            throw new InvalidOperationException(message);
        }
        return ValueTask.CompletedTask;
    }
}
