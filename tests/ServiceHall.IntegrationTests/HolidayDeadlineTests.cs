using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A case accepted on the Friday before National Day 2026 gets the due dates the hall's calendar says: the holiday
/// week skipped, the make-up Sunday and Saturday counted. A cases service of its own (scope, calendar).
/// </summary>
public sealed class HolidayDeadlineTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly TimeSpan Hall = TimeSpan.FromHours(8);
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 25, 15, 0, 0, Hall)); // Friday 15:00
    private ServiceApp _cases = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hall:Calendar:MakeUpWorkdays:0"] = "2026-09-27",
            ["Hall:Calendar:MakeUpWorkdays:1"] = "2026-10-10",
        };
        for (var day = 1; day <= 8; day++)
            settings[$"Hall:Calendar:Holidays:{day - 1}"] = $"2026-10-0{day}";
        _cases = await ServiceApp.StartCasesAsync(await infra.ScopeAsync("holiday"), _time, settings: settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _cases.DisposeAsync();
    }

    [Fact]
    public async Task A_case_accepted_on_the_friday_before_the_holiday_is_due_after_it()
    {
        var client = new CasesService.CasesServiceClient(_cases.Channel);
        var item = TicketTests.Item("item-holiday", "m-id");
        item.CommittedDays = 5;
        item.StatutoryDays = 15;
        await client.PublishServiceItemAsync(item, Office);

        var accepted = await client.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = "item-holiday", StaffId = "s-1",
            Applicant = new ApplicantData { Name = "李四", IdNumber = "110101199001011234" }, SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer("s-1", Roles.Staff));

        // Workdays after Friday 25 September: Sun 27 (make-up), Mon 28, Tue 29, Wed 30, then Fri 9 October (5th);
        // then Sat 10 (make-up), 12-16, 19-22 October: the 15th is Thursday 22 October.
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, accepted.Status);
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 17, 0, 0, Hall), accepted.Clock.DueAt.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 10, 22, 17, 0, 0, Hall), accepted.StatutoryDueAt.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 17, 0, 0, Hall), Assert.Single(accepted.Approvals).Clock.DueAt.ToDateTimeOffset());
    }
}
