using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The topology step (issue 17): an event with several consumers counts as routed once one of them is bound, so a
/// `StaffRegistered` published while only cases runs would never reach discipline. With discipline's topology deployed
/// first (<c>ServiceHall:DeployTopologyOnly</c>: its queue and bindings, nothing consumed), the event waits in
/// discipline's queue and discipline, started later, learns the staff member.
/// </summary>
public sealed class TopologyStepTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_event_published_before_a_consumer_starts_reaches_it_when_its_topology_was_deployed_first(bool deployed)
    {
        var servers = await infra.ScopeAsync(deployed ? "topodeployed" : "toponone");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        if (deployed)
            await ServiceApp.DeployDisciplineTopologyAsync(servers, time);
        await using var cases = await ServiceApp.StartCasesAsync(servers, time);
        await using var attendance = await ServiceApp.StartAttendanceAsync(servers, time);
        var staff = $"s-{Guid.NewGuid().ToString("N")[..8]}";
        await new AttendanceService.AttendanceServiceClient(attendance.Channel).RegisterStaffAsync(
            new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "unit-hr", Roles = { StaffRole.UnitHead } }, Office);
        // Cases is bound: the announcement is routed (mandatory satisfied) and marked sent.
        await Eventually.Until(() => Sql.CountAsync(servers.ConnectionStringOf("attendance"),
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffRegistered' AND "SentAt" IS NOT NULL AND "Payload" LIKE $1""",
                $"%\"{staff}\"%"), n => n == 1, TimeSpan.FromSeconds(30), "the StaffRegistered to be sent");

        await using var discipline = await ServiceApp.StartDisciplineAsync(servers, time);
        var known = deployed
            ? await Eventually.Until(() => DirectoryCountAsync(servers, staff), n => n == 1, TimeSpan.FromSeconds(30),
                "discipline to learn the staff member from its queue")
            : await AfterAWhileAsync(() => DirectoryCountAsync(servers, staff));

        Assert.Equal(deployed ? 1 : 0, known);
    }

    private static Task<long> DirectoryCountAsync(InfrastructureFixture servers, string staff) =>
        Sql.CountAsync(servers.ConnectionStringOf("discipline"), """SELECT count(*) FROM directory_entries WHERE "Id" = $1""", staff);

    /// <summary>Without the step the event is gone: still nothing after discipline has run its queue for a few seconds.</summary>
    private static async Task<long> AfterAWhileAsync(Func<Task<long>> probe)
    {
        await Task.Delay(TimeSpan.FromSeconds(3)); // waiting for something that must not happen: a bounded look
        return await probe();
    }
}
