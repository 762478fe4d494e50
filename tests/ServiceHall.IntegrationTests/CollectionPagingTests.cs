using Grpc.Core;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using A = ServiceHall.Attendance.V1;
using C = ServiceHall.Cases.V1;
using D = ServiceHall.Discipline.V1;

namespace ServiceHall.IntegrationTests;

/// <summary>Pages of every collection (issue 14, bounds): each item once over all pages, in one order.</summary>
internal static class Pages
{
    /// <summary>Every page from the first, by the page size given, until a page has no next token.</summary>
    public static async Task<List<TResponse>> AllAsync<TResponse>(Func<string, Task<TResponse>> page, Func<TResponse, string> next)
    {
        var pages = new List<TResponse>();
        var token = "";
        do
        {
            var response = await page(token);
            pages.Add(response);
            token = next(response);
            Assert.True(pages.Count < 100, "a page token that never ends");
        }
        while (token.Length > 0);
        return pages;
    }

    public static async Task<StatusCode> CodeOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}

/// <summary>The organisation's staff, the catalogue, cases by applicant and the ledger's rows page (attendance, cases).</summary>
public sealed class CollectionPagingTests(VisitFixture visit) : IClassFixture<VisitFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata System = TestAuth.Bearer("desk-1", Roles.System);

    private A.AttendanceService.AttendanceServiceClient Attendance => new(visit.Attendance.Channel);

    private C.CasesService.CasesServiceClient Cases => new(visit.Cases.Channel);

    private static C.PublishServiceItemRequest Item(string id) => new()
    {
        ItemId = id, Name = "社保卡补办", ApprovingUnitId = "u1", Content = "补办", ProcedureSteps = { "收件" },
        LegalBasis = "社会保险法", Materials = { new C.Material { MaterialId = "m-id", Name = "身份证", OriginalRequired = true } },
        CommittedDays = 5, StatutoryDays = 20, ResultForm = "社保卡", FeeBasis = "无", FeeStandard = "不收费",
    };

    [Fact]
    public async Task The_organisation_pages_its_staff_and_gives_units_and_windows_whole_on_every_page()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var unit = $"pg{id}";
        await Attendance.CreateUnitAsync(new A.CreateUnitRequest { UnitId = unit, Name = "分页单位" }, Office);
        await Attendance.CreateWindowAsync(new A.CreateWindowRequest { WindowId = $"pw-{id}", UnitId = unit, Name = "窗口" }, Office);
        var staff = Enumerable.Range(1, 5).Select(i => $"ps{i}-{id}").ToList();
        foreach (var s in staff)
            await Attendance.RegisterStaffAsync(new A.RegisterStaffRequest { StaffId = s, DisplayName = s, UnitId = unit, WindowId = $"pw-{id}" }, Office);

        var pages = await Pages.AllAsync(t => Attendance.GetOrganisationAsync(
            new A.GetOrganisationRequest { UnitId = unit, PageSize = 2, PageToken = t }, Office).ResponseAsync, r => r.NextPageToken);
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Attendance.GetOrganisationAsync(
            new A.GetOrganisationRequest { PageSize = 201 }, Office).ResponseAsync);
        var forged = await Assert.ThrowsAsync<RpcException>(() => Attendance.GetOrganisationAsync(
            new A.GetOrganisationRequest { PageToken = "not-a-token" }, Office).ResponseAsync);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Staff.Count));
        Assert.Equal(staff, pages.SelectMany(p => p.Staff).Select(s => s.StaffId)); // by staff id, each once
        Assert.All(pages, p => Assert.Equal($"{unit} | pw-{id}",
            $"{string.Join(",", p.Units.Select(u => u.UnitId))} | {string.Join(",", p.Windows.Select(w => w.WindowId))}"));
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (tooMany.StatusCode, forged.StatusCode));
        Assert.Contains("page_size", tooMany.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_token", forged.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogue_cases_by_applicant_and_the_ledgers_rows_page_with_the_totals_whole()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var items = Enumerable.Range(1, 3).Select(i => $"pi{i}-{id}").ToList();
        foreach (var item in items)
            await Cases.PublishServiceItemAsync(Item(item), Office);
        // A made-up ID number of this test's own: the cases of one applicant.
        var idNumber = $"11010119900101{Random.Shared.Next(1000, 9999)}";
        var received = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await Cases.ReceiveApplicationAsync(new C.ReceiveApplicationRequest
            {
                RequestId = Guid.NewGuid().ToString(), ItemId = items[0], StaffId = "desk-1", SubmittedMaterialIds = { "m-id" },
                Applicant = new C.ApplicantData { Name = "赵六", IdNumber = idNumber, Phone = "13800000000" },
            }, System)).CaseId);
        }

        var catalogue = await Pages.AllAsync(t => Cases.ListServiceItemsAsync(
            new C.ListServiceItemsRequest { PageSize = 2, PageToken = t }, Office).ResponseAsync, r => r.NextPageToken);
        var byApplicant = await Pages.AllAsync(t => Cases.FindCasesByApplicantAsync(
            new C.FindCasesByApplicantRequest { IdNumber = idNumber, PageSize = 2, PageToken = t }, Office).ResponseAsync, r => r.NextPageToken);
        var ledger = await Pages.AllAsync(t => Cases.GetLedgerAsync(new C.GetLedgerRequest
            { From = "2026-11-25", To = "2026-11-25", ItemId = items[0], PageSize = 2, PageToken = t }, Office).ResponseAsync, r => r.NextPageToken);

        var listed = catalogue.SelectMany(p => p.Items).Select(i => i.ItemId).ToList();
        Assert.All(catalogue, p => Assert.True(p.Items.Count <= 2));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Superset(items.ToHashSet(), listed.ToHashSet());
        Assert.Equal([2, 1], byApplicant.Select(p => p.Cases.Count));
        Assert.Equal(received.Order(StringComparer.Ordinal), byApplicant.SelectMany(p => p.Cases).Select(c => c.CaseId).Order(StringComparer.Ordinal));
        Assert.Equal([2, 1], ledger.Select(p => p.Rows.Count));
        Assert.Equal(received.Order(StringComparer.Ordinal), ledger.SelectMany(p => p.Rows).Select(r => r.CaseId).Order(StringComparer.Ordinal));
        Assert.All(ledger, p => Assert.Equal(3, p.Items.Single().Received)); // the totals cover the period on every page
        // Each page's CSV: the header and that page's rows.
        Assert.Equal([3, 2], ledger.Select(p => p.Csv.TrimEnd('\n', '\r').Split('\n').Length));
    }
}

/// <summary>Rules, a staff file's facts and award proposals page (discipline).</summary>
public sealed class DisciplinePagingTests(RulebookFixture hall) : IClassFixture<RulebookFixture>
{
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);

    private D.DisciplineService.DisciplineServiceClient Client => new(hall.Discipline.Channel);

    [Fact]
    public async Task Rules_facts_and_award_proposals_page_each_once()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var staff = $"pf-{id}";
        foreach (var day in new[] { 16, 17, 18 })
        {
            await hall.Bus.Publish(new StaffLate(Guid.NewGuid(), HallFixture.HallTime(day, 9, 30), "hall-1", staff, "w-1",
                Guid.NewGuid(), new DateOnly(2026, 11, day), 30));
        }
        var well = Enumerable.Range(1, 3).Select(i => $"pa{i}-{id}").ToList();
        foreach (var s in well)
        {
            await hall.Bus.Publish(new ServiceHall.Contracts.Complaints.ReviewSubmitted(Guid.NewGuid(), HallFixture.HallTime(24, 11, 0),
                "hall-1", Guid.NewGuid().ToString(), null, null, "w-1", s, 1, false));
        }
        await Eventually.Until(() => Client.GetStaffFileAsync(new D.GetStaffFileRequest { StaffId = staff, Year = 2026 }, DisciplineOffice).ResponseAsync,
            f => f.Facts.Count == 3, TimeSpan.FromSeconds(20), "three late facts");

        var rules = await Pages.AllAsync(t => Client.ListRulesAsync(new D.ListRulesRequest { PageSize = 1, PageToken = t }, DisciplineOffice).ResponseAsync, r => r.NextPageToken);
        var whole = await Client.ListRulesAsync(new D.ListRulesRequest(), DisciplineOffice);
        var file = await Pages.AllAsync(t => Client.GetStaffFileAsync(new D.GetStaffFileRequest { StaffId = staff, Year = 2026, PageSize = 2, PageToken = t }, DisciplineOffice).ResponseAsync, r => r.NextPageToken);
        var request = new D.ProposeAwardsRequest { From = "2026-11-23", To = "2026-11-29", MinimumReviews = 1, MinimumSatisfaction = 0.95, PageSize = 2 };
        await Eventually.Until(() => Client.ProposeAwardsAsync(request, DisciplineOffice).ResponseAsync, _ => true);
        var proposals = await Eventually.Until(async () => await Pages.AllAsync(t => Client.ProposeAwardsAsync(
                new D.ProposeAwardsRequest(request) { PageToken = t }, DisciplineOffice).ResponseAsync, r => r.NextPageToken),
            pages => pages.SelectMany(p => p.Proposals).Count(p => p.StaffId.EndsWith(id, StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(20), "three proposals");
        var pastTheEnd = await Pages.CodeOf(() => Client.ListRulesAsync(new D.ListRulesRequest { PageSize = 201 }, DisciplineOffice).ResponseAsync);

        Assert.True(whole.Rules.Count >= 2);
        Assert.All(rules, p => Assert.Single(p.Rules));
        Assert.Equal(whole.Rules.Select(r => (r.RuleId, r.Version)), rules.SelectMany(p => p.Rules).Select(r => (r.RuleId, r.Version)));
        Assert.Equal([2, 1], file.Select(p => p.Facts.Count));
        Assert.Equal(["2026-11-16", "2026-11-17", "2026-11-18"], file.SelectMany(p => p.Facts).Select(f => f.WorkDate).Order());
        Assert.Empty(file[1].Sanctions); // sanctions come whole on the first page only
        Assert.All(proposals, p => Assert.True(p.Proposals.Count <= 2));
        var all = proposals.SelectMany(p => p.Proposals).Select(p => p.StaffId).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(well, all.Where(s => s.EndsWith(id, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.InvalidArgument, pastTheEnd);
    }
}
