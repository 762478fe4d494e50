using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Audit.V1;
using ServiceHall.ServiceDefaults.Audit;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Audit records are kept at least 180 days, then archived, never silently deleted: the records past the retention go
/// to a file that ends with its chain head, the table's chain goes on from that head and still verifies, the file
/// verifies on its own, records inside the retention stay, and the database still refuses to delete them.
/// </summary>
public sealed class AuditArchiveTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-archive", Roles.Office);
    private static readonly Metadata Auditor = TestAuth.Bearer("bureau-archive", Roles.BureauLeader);

    [Fact]
    public async Task Records_past_the_retention_go_to_a_file_with_their_chain_head_and_the_rest_stays_and_verifies()
    {
        var servers = await infra.ScopeAsync("archive");
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", "audit-archive-" + Guid.NewGuid().ToString("N"));
        var db = servers.ConnectionStringOf("attendance");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        await using var app = await ServiceApp.StartAttendanceAsync(servers, time, settings: new Dictionary<string, string?>
        {
            ["Audit:ArchiveFolder"] = folder, ["Audit:ArchiveInterval"] = "00:00:00.200",
        });
        var attendance = new AttendanceService.AttendanceServiceClient(app.Channel);
        var audit = new AuditService.AuditServiceClient(app.Channel);

        // Day 0: the records to be archived. Day 100: records that stay. Day 181: the first are past 180 days.
        await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = "u-archived", Name = "old" }, Office);
        var oldThrough = await Sql.CountAsync(db, """SELECT max("Sequence") FROM audit_records""");
        time.Advance(TimeSpan.FromDays(100));
        await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = "u-kept", Name = "newer" }, Office);
        var newest = await Sql.CountAsync(db, """SELECT max("Sequence") FROM audit_records""");
        time.Advance(TimeSpan.FromDays(81));
        await Eventually.Until(() => Sql.CountAsync(db, "SELECT count(*) FROM audit_archives"), n => n >= 1,
            TimeSpan.FromSeconds(30), "the archive job to archive the first records");

        var file = Assert.Single(Directory.GetFiles(folder, "attendance-audit-*.jsonl"));
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var archived = lines[..^1].Select(l => JsonSerializer.Deserialize<ServiceHall.ServiceDefaults.Audit.AuditRecord>(l, json)!).ToList();
        using var mark = JsonDocument.Parse(lines[^1]);
        var head = mark.RootElement.GetProperty("archive").GetProperty("headHash").GetString();
        var verified = Assert.Single((await audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), Auditor)).Chains);
        var checkOutput = new StringWriter();
        var fileCheck = await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(["--archive", file], checkOutput);
        var tableCheck = await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(["--postgres", db], checkOutput);
        var deleteKept = await Assert.ThrowsAnyAsync<Exception>(() =>
            Sql.ExecuteAsync(db, """DELETE FROM audit_records WHERE "Sequence" = $1""", newest));
        var deleteMark = await Assert.ThrowsAnyAsync<Exception>(() => Sql.ExecuteAsync(db, "DELETE FROM audit_archives"));

        Assert.Equal(Enumerable.Range(1, (int)oldThrough).Select(i => (long)i), archived.Select(r => r.Sequence));
        Assert.Contains(archived, r => r.ObjectIds.Contains("u-archived", StringComparison.Ordinal));
        Assert.Equal(archived[^1].Hash, head);
        Assert.Equal(head, await Sql.TextAsync(db, """SELECT "HeadHash" FROM audit_archives WHERE "ArchivedThrough" = $1""", oldThrough));
        Assert.Equal(head, await Sql.TextAsync(db, """SELECT "PreviousHash" FROM audit_records WHERE "Sequence" = $1""", oldThrough + 1));
        Assert.Equal(oldThrough + 1, await Sql.CountAsync(db, """SELECT min("Sequence") FROM audit_records"""));
        Assert.True(await Sql.CountAsync(db, """SELECT count(*) FROM audit_records WHERE "ObjectIds" LIKE '%u-kept%'""") >= 1);
        Assert.True(verified.Intact, verified.Problem);
        Assert.True(verified.HeadSequence >= newest);
        Assert.Equal((0, 0), (fileCheck, tableCheck));
        Assert.Contains(AuditSchema.Refusal, deleteKept.Message);
        Assert.Contains(AuditSchema.Refusal, deleteMark.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_host_refuses_to_keep_audit_records_for_less_than_180_days()
    {
        var servers = await infra.ScopeAsync("retention");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ServiceApp.StartDisciplineAsync(servers, time,
            settings: new Dictionary<string, string?> { ["Audit:Retention"] = "90.00:00:00" }));

        Assert.Contains("at least 180 days", refused.Message);
    }
}
