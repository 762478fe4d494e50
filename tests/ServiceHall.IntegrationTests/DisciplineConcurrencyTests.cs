using Grpc.Core;
using MassTransit;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>Violations of one staff member delivered all at once (as after a broker outage) still add up.</summary>
public sealed class DisciplineConcurrencyTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);
    private static readonly int[] Days = [23, 24, 25];

    [Fact]
    public async Task Lates_consumed_concurrently_still_issue_both_sanctions_once()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(hall.Infra.RabbitMqUri));
            cfg.SignEventsWith(TestAuth.EventSigner);
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        var staff = Enumerable.Range(0, 5).Select(_ => "s-" + Guid.NewGuid().ToString("N")[..10]).ToList();
        try
        {
            // Three lates per staff member, all in flight together: the consumer runs up to 8 at once.
            await Task.WhenAll(staff.SelectMany(staffId => Days.Select(day =>
                bus.Publish(new StaffLate(Guid.NewGuid(), HallFixture.HallTime(day, 9, 40), "hall-1", staffId, "w-1",
                    Guid.NewGuid(), new DateOnly(2026, 11, day), 40), TestContext.Current.CancellationToken))));
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }

        var discipline = new DisciplineService.DisciplineServiceClient(hall.Discipline.Channel);
        foreach (var staffId in staff)
        {
            var sanctions = await Eventually.Until(
                async () => (await discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, DisciplineOffice)).Sanctions,
                s => s.Count == 2, TimeSpan.FromSeconds(60), $"both sanctions of {staffId}");
            Assert.Single(sanctions, s => s.Kind == SanctionKind.CirculatedCriticism);
            Assert.Single(sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        }
    }
}
