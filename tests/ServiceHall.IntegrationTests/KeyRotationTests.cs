using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A personal-data key rotation on the cases service, over gRPC and PostgreSQL: a second key joins the ring and seals new
/// cases while the old ones still read and are still found by ID number; a value moved into another case does not
/// open (DATA_LOSS, nothing revealed); the re-encryption job moves every case and stored answer to the new key; and
/// with the old key gone from the ring, old and new cases read and search as before.
/// </summary>
public sealed class KeyRotationTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly string NewKey = "rotated-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "-second-key";

    private static Dictionary<string, string?> Ring(bool oldKey, bool job) => new()
    {
        // The old single key is Privacy:Key (key 1 of the ring); ServiceApp sets it, and it is taken out by emptying it.
        ["Privacy:Key"] = oldKey ? TestAuth.PrivacyKey : "",
        ["Privacy:Keys:k2"] = NewKey,
        ["Privacy:CurrentKeyId"] = "k2",
        ["Privacy:ReencryptInterval"] = job ? "00:00:00.200" : "00:00:00",
    };

    private static string NewIdNumber() =>
        "110101" + Random.Shared.NextInt64(100_000_000_000L, 999_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Old_and_new_cases_read_and_search_across_a_rotation_and_after_the_old_key_is_gone()
    {
        var servers = await infra.ScopeAsync("rotation");
        var db = servers.ConnectionStringOf("cases");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        var idNumber = NewIdNumber();
        string item, oldCase;

        // Before: the single key of earlier builds.
        await using (var before = await ServiceApp.StartCasesAsync(servers, time))
        {
            var cases = new CasesService.CasesServiceClient(before.Channel);
            var published = TicketTests.Item("item-" + Guid.NewGuid().ToString("N")[..8], ["m-id"]);
            published.CommittedDays = 5;
            item = (await cases.PublishServiceItemAsync(published, Office)).ItemId;
            oldCase = (await ReceiveAsync(cases, item, "chen", idNumber, "王小明")).CaseId;
        }
        var oldSealed = await Sql.TextAsync(db, """SELECT "ApplicantNameProtected" FROM cases WHERE "CaseId" = $1""", oldCase) ?? "";

        // The new key joins the ring and seals new values; the job is off, so the old case stays on the old key.
        string newCase, otherCase;
        await using (var during = await ServiceApp.StartCasesAsync(servers, time, settings: Ring(oldKey: true, job: false)))
        {
            var cases = new CasesService.CasesServiceClient(during.Channel);
            newCase = (await ReceiveAsync(cases, item, "chen", idNumber, "王小明")).CaseId;
            otherCase = (await ReceiveAsync(cases, item, "chen", NewIdNumber(), "李四")).CaseId;
            var found = await cases.FindCasesByApplicantAsync(new FindCasesByApplicantRequest { IdNumber = idNumber }, Office);
            var oldRead = await cases.GetCaseAsync(new GetCaseRequest { CaseId = oldCase }, TestAuth.Bearer("chen", Roles.Staff));

            Assert.Equal(new[] { newCase, oldCase }.Order(), found.Cases.Select(c => c.CaseId).Order());
            Assert.Equal(("王小明", idNumber, true), (oldRead.Applicant.Name, oldRead.Applicant.IdNumber, oldRead.ApplicantUnmasked));
            Assert.StartsWith("v2:1:", oldSealed);
            Assert.StartsWith("v2:k2:", await Sql.TextAsync(db,
                """SELECT "ApplicantNameProtected" FROM cases WHERE "CaseId" = $1""", newCase) ?? "");
            Assert.Equal(64, (await Sql.TextAsync(db, """SELECT "ApplicantIdLookup" FROM cases WHERE "CaseId" = $1""", newCase))?.Length);

            // A sealed name copied into another case (same key, same column) does not open there.
            var otherSealed = await Sql.TextAsync(db, """SELECT "ApplicantNameProtected" FROM cases WHERE "CaseId" = $1""", otherCase) ?? "";
            await Sql.ExecuteAsync(db, """UPDATE cases SET "ApplicantNameProtected" = (SELECT "ApplicantNameProtected" FROM cases WHERE "CaseId" = $1) WHERE "CaseId" = $2""",
                newCase, otherCase);
            var swapped = await Assert.ThrowsAsync<RpcException>(() =>
                cases.GetCaseAsync(new GetCaseRequest { CaseId = otherCase }, TestAuth.Bearer("chen", Roles.Staff)).ResponseAsync);
            Assert.Equal(StatusCode.DataLoss, swapped.StatusCode);
            Assert.Contains(otherCase, swapped.Status.Detail);
            Assert.DoesNotContain("王小明", swapped.Status.Detail);
            await Sql.ExecuteAsync(db, """UPDATE cases SET "ApplicantNameProtected" = $1 WHERE "CaseId" = $2""", otherSealed, otherCase);
        }

        // The job moves every case and every stored answer to the new key.
        await using (var moving = await ServiceApp.StartCasesAsync(servers, time, settings: Ring(oldKey: true, job: true)))
        {
            await Eventually.Until(() => Sql.CountAsync(db, """
                    SELECT (SELECT count(*) FROM cases WHERE "ApplicantNameProtected" NOT LIKE 'v2:k2:%'
                              OR "ApplicantIdNumberProtected" NOT LIKE 'v2:k2:%' OR "ApplicantPhoneProtected" NOT LIKE 'v2:k2:%'
                              OR "ApplicantIdLookup" NOT LIKE 'k2:%')
                         + (SELECT count(*) FROM client_requests WHERE "Response" NOT LIKE 'v2:k2:%')
                    """), n => n == 0, TimeSpan.FromSeconds(30), "every sealed value on key k2");
        }
        Assert.True(await Sql.CountAsync(db, "SELECT count(*) FROM client_requests") > 0);

        // The old key leaves the ring: old and new cases read and are found as before.
        await using (var after = await ServiceApp.StartCasesAsync(servers, time, settings: Ring(oldKey: false, job: false)))
        {
            var cases = new CasesService.CasesServiceClient(after.Channel);
            var found = await cases.FindCasesByApplicantAsync(new FindCasesByApplicantRequest { IdNumber = idNumber }, Office);
            var oldRead = await cases.GetCaseAsync(new GetCaseRequest { CaseId = oldCase }, TestAuth.Bearer("chen", Roles.Staff));
            var otherRead = await cases.GetCaseAsync(new GetCaseRequest { CaseId = otherCase }, TestAuth.Bearer("chen", Roles.Staff));

            Assert.Equal(new[] { newCase, oldCase }.Order(), found.Cases.Select(c => c.CaseId).Order());
            Assert.All(found.Cases, c => Assert.Equal(idNumber[..3] + "***********" + idNumber[^4..], c.Applicant.IdNumber));
            Assert.Equal(("王小明", idNumber, "13812345678"), (oldRead.Applicant.Name, oldRead.Applicant.IdNumber, oldRead.Applicant.Phone));
            Assert.Equal("李四", otherRead.Applicant.Name);
        }
    }

    [Fact]
    public async Task A_service_refuses_to_start_with_a_ring_of_several_keys_and_none_named_current()
    {
        var servers = await infra.ScopeAsync("rotationcfg");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        var settings = Ring(oldKey: true, job: false);
        settings["Privacy:CurrentKeyId"] = "";

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ServiceApp.StartCasesAsync(servers, time, settings: settings));
        settings["Privacy:CurrentKeyId"] = "k3";
        var unknown = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ServiceApp.StartCasesAsync(servers, time, settings: settings));

        Assert.Contains("Privacy__CurrentKeyId", refused.Message);
        Assert.Contains("'k3' is not in the keyring", unknown.Message);
    }

    private static Task<Case> ReceiveAsync(CasesService.CasesServiceClient cases, string item, string staff, string idNumber, string name) =>
        cases.ReceiveApplicationAsync(new ReceiveApplicationRequest
        {
            RequestId = Guid.NewGuid().ToString(), ItemId = item, StaffId = staff,
            Applicant = new ApplicantData { Name = name, IdNumber = idNumber, Phone = "13812345678" },
            SubmittedMaterialIds = { "m-id" },
        }, TestAuth.Bearer(staff, Roles.Staff)).ResponseAsync;
}
