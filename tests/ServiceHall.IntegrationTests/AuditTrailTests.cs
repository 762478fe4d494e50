using Grpc.Core;
using ServiceHall.Audit.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using A = ServiceHall.Attendance.V1;
using C = ServiceHall.Cases.V1;
using D = ServiceHall.Discipline.V1;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The audit trail (issue 15) over a story that touches all four services (the access fixture's world: staff and
/// clients registered, leave, an outing, a closure, a correction, tickets served, a case received, a review and a
/// complaint submitted, a rectification item): every change is recorded with its actor, refusals and unmasked reads
/// too, no record holds personal data, and every chain verifies.
/// </summary>
public sealed class AuditTrailTests(AccessFixture hall) : IClassFixture<AccessFixture>
{
    private static readonly Metadata Auditor = TestAuth.Bearer("audit-d", Roles.DisciplineOffice);

    private static AuditService.AuditServiceClient AuditAt(ServiceApp app) => new(app.Channel);

    private static async Task<List<AuditRecord>> AllAsync(AuditService.AuditServiceClient audit)
    {
        var all = new List<AuditRecord>();
        var token = "";
        do
        {
            var page = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 200, PageToken = token }, Auditor);
            all.AddRange(page.Records);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    [Fact]
    public async Task Every_change_refusal_and_unmasked_read_of_a_story_across_four_services_is_recorded_with_its_actor_and_no_personal_data()
    {
        var attendance = new A.AttendanceService.AttendanceServiceClient(hall.Attendance.Channel);
        var cases = new C.CasesService.CasesServiceClient(hall.Cases.Channel);
        // A refusal at the service (staff deciding leave is not allowed), one before it (no token), an unmasked read
        // (the unit head reads their unit's case).
        var refused = await AccessFixture.CodeOf(() => attendance.ApproveLeaveAsync(
            new A.ApproveLeaveRequest { LeaveId = hall.Own.LeaveOfStaff }, hall.Callers[Roles.Staff]).ResponseAsync);
        var anonymous = await AccessFixture.CodeOf(() => attendance.GetLeaveAsync(
            new A.GetLeaveRequest { LeaveId = hall.Own.LeaveOfStaff }, new Metadata()).ResponseAsync);
        var read = await cases.GetCaseAsync(new C.GetCaseRequest { CaseId = hall.Own.Case }, hall.Callers[Roles.UnitHead]);

        var trail = new Dictionary<string, List<AuditRecord>>
        {
            ["attendance"] = await AllAsync(AuditAt(hall.Attendance)),
            ["cases"] = await AllAsync(AuditAt(hall.Cases)),
            ["complaints"] = await AllAsync(AuditAt(hall.Complaints)),
            ["discipline"] = await AllAsync(AuditAt(hall.Discipline)),
        };
        var verified = new List<AuditChainVerification>();
        foreach (var app in new[] { hall.Attendance, hall.Cases, hall.Complaints, hall.Discipline })
            verified.AddRange((await AuditAt(app).VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), Auditor)).Chains);

        // The tests' channels send every change twice with one request id (the retry test): one call, one request id.
        AuditRecord One(string service, string method, string objectId)
        {
            var found = trail[service].Where(r => r.Method.EndsWith("/" + method, StringComparison.Ordinal) &&
                                                  r.Kind == "change" && r.Outcome == "OK" &&
                                                  r.ObjectIds.Any(i => i.EndsWith("=" + objectId, StringComparison.Ordinal))).ToList();
            Assert.NotEmpty(found);
            Assert.Single(found.Select(r => (r.RequestId, r.Subject)).Distinct());
            return found[^1];
        }

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.Unauthenticated), (refused, anonymous));
        Assert.True(read.ApplicantUnmasked);
        // Who did each change, in the service that made it.
        Assert.Equal(hall.StaffHr, One("attendance", "RequestLeave", hall.Own.LeaveOfStaff).Subject);
        Assert.Equal("acc-office", One("attendance", "RegisterStaff", hall.StaffTax).Subject);
        Assert.Equal(hall.StaffHr, One("attendance", "FileCorrection", hall.Own.Correction).Subject);
        var client = One("attendance", "RegisterClient", hall.ReaderId);
        Assert.Equal(("acc-office", "office"), (client.Subject, string.Join(",", client.Roles)));
        Assert.Equal("acc-system", One("cases", "ReceiveApplication", hall.Own.Case).Subject);
        Assert.Equal("acc-office", One("cases", "PublishServiceItem", hall.Item).Subject);
        Assert.Equal("acc-kiosk-system", One("complaints", "SubmitComplaint", hall.Own.Complaint).Subject);
        Assert.Equal("acc-kiosk-system", One("complaints", "SubmitReview", hall.Own.Review).Subject);
        Assert.Equal("acc-office", One("discipline", "AddRectificationItem", hall.Own.RectificationItem).Subject);
        // A request's id is kept: a retry can be told from a second act.
        Assert.All(trail.Values.SelectMany(r => r).Where(r => r.Kind == "change"), r => Assert.NotEmpty(r.RequestId));
        // The refusals and the unmasked read.
        Assert.Contains(trail["attendance"], r => r.Kind == "refused" && r.Outcome == "PERMISSION_DENIED" &&
                                                  r.Subject == hall.StaffHr && r.Method.EndsWith("/ApproveLeave", StringComparison.Ordinal));
        Assert.Contains(trail["attendance"], r => r.Kind == "refused" && r.Outcome == "UNAUTHENTICATED" &&
                                                  r.Subject == "" && r.Method.EndsWith("/GetLeave", StringComparison.Ordinal));
        var unmasked = Assert.Single(trail["cases"], r => r.Kind == "personal-data-read" && r.ObjectIds.Contains($"case_id={hall.Own.Case}"));
        Assert.Equal(("unit-head", "OK"), (string.Join(",", unmasked.Roles), unmasked.Outcome));
        // No personal data in any record: the applicant's name, ID number and phone, the complaint's and review's texts.
        var text = string.Join("\n", trail.Values.SelectMany(r => r).Select(r => r.ToString()));
        foreach (var personal in new[] { "李四", "110101199001011234", "13800000000", "态度生硬", "等太久", "家中有事" })
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        // Every chain holds, from its first record to its last.
        Assert.Equal(["attendance", "cases", "complaints", "discipline"], verified.Select(v => v.Service));
        Assert.All(verified, v => Assert.True(v.Intact, $"{v.Service}: {v.Problem} at {v.FirstBrokenSequence}"));
        Assert.All(verified, v => Assert.Equal(trail[v.Service].Max(r => r.Sequence), v.HeadSequence));
        Assert.All(trail.Values, records => Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i).Reverse(), records.Select(r => r.Sequence)));
    }
}

/// <summary>
/// The chain shows tampering (issue 15): the database refuses UPDATE and DELETE on the audit table; a superuser who
/// disables the triggers and changes or deletes a record behind the service's back is found out at that record.
/// </summary>
public sealed class AuditTamperTests(RulebookFixture hall) : IClassFixture<RulebookFixture>
{
    private static readonly Metadata Auditor = TestAuth.Bearer("audit-b", Roles.BureauLeader);

    private AuditService.AuditServiceClient Audit => new(hall.Discipline.Channel);

    [Fact]
    public async Task A_record_changed_or_deleted_behind_the_services_back_breaks_the_chain_at_that_record()
    {
        var discipline = new D.DisciplineService.DisciplineServiceClient(hall.Discipline.Channel);
        for (var i = 0; i < 6; i++)
        {
            await discipline.AddRectificationItemAsync(new D.AddRectificationItemRequest
                { UnitId = "unit-hr", Title = $"整改 {i}", Owner = "s-1", DueDate = "2026-12-31" }, TestAuth.Bearer("office-1", Roles.Office));
        }
        var before = (await Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), Auditor)).Chains.Single();
        var intact = new StringWriter();
        var intactExit = await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(["--postgres", hall.Db], intact);

        var update = await Assert.ThrowsAnyAsync<Exception>(() => Sql.ExecuteAsync(hall.Db,
            """UPDATE audit_records SET "Subject" = 'someone-else' WHERE "Sequence" = 3"""));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => Sql.ExecuteAsync(hall.Db,
            """DELETE FROM audit_records WHERE "Sequence" = 5"""));
        var unchanged = (await Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), Auditor)).Chains.Single();

        var subject = await Sql.TextAsync(hall.Db, """SELECT "Subject" FROM audit_records WHERE "Sequence" = 3""");
        // A superuser turns the triggers off for the session (session_replication_role) and edits record 3.
        await Sql.ExecuteAsync(hall.Db, """
            SET session_replication_role = replica;
            UPDATE audit_records SET "Subject" = 'someone-else' WHERE "Sequence" = 3;
            """);
        var edited = (await Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest { Service = "discipline" }, Auditor)).Chains.Single();
        var command = new StringWriter();
        var exit = await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(["--postgres", hall.Db], command);
        // Put back as it was, the record verifies again; then record 5 goes.
        await Sql.ExecuteAsync(hall.Db, $"""
            SET session_replication_role = replica;
            UPDATE audit_records SET "Subject" = '{subject!.Replace("'", "''", StringComparison.Ordinal)}' WHERE "Sequence" = 3;
            """);
        await Sql.ExecuteAsync(hall.Db, """
            SET session_replication_role = replica;
            DELETE FROM audit_records WHERE "Sequence" = 5;
            """);
        var deleted = (await Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), Auditor)).Chains.Single();

        Assert.True(before.Intact, before.Problem);
        Assert.Equal(0, intactExit);
        Assert.Contains($"head {before.HeadSequence} {before.HeadHash}", intact.ToString(), StringComparison.Ordinal);
        Assert.True(before.Records >= 6);
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True(unchanged.Intact);
        Assert.Equal((false, 3L), (edited.Intact, edited.FirstBrokenSequence));
        Assert.Contains("changed", edited.Problem, StringComparison.Ordinal);
        Assert.Equal(2, exit); // the command-line check finds the same link
        Assert.StartsWith("BROKEN at sequence 3:", command.ToString(), StringComparison.Ordinal);
        Assert.Equal((false, 5L), (deleted.Intact, deleted.FirstBrokenSequence));
        Assert.Contains("missing", deleted.Problem, StringComparison.Ordinal);
    }
}
