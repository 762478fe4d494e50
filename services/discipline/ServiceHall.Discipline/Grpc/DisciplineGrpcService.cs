using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;
using ProtoSanction = ServiceHall.Discipline.V1.Sanction;
using ProtoSanctionKind = ServiceHall.Discipline.V1.SanctionKind;
using Sanction = ServiceHall.Discipline.Domain.Sanction;
using SanctionKind = ServiceHall.Discipline.Domain.SanctionKind;

namespace ServiceHall.Discipline.Grpc;

/// <summary>servicehall.discipline.v1.DisciplineService: sanctions and standing, read-only.</summary>
public sealed partial class DisciplineGrpcService(
    DisciplineDbContext db, RulebookDesk rulebook, InspectionDesk inspections, SanctionAppeals appeals, BriefDesk brief,
    AwardDesk awards, ServiceHall.Calendar.WorkCalendar calendar,
    IOptions<HallOptions> hall, TimeProvider time) : DisciplineService.DisciplineServiceBase
{
    private static readonly string[] Supervisors =
        [Roles.DisciplineOffice, Roles.Office, Roles.UnitHead, Roles.BureauLeader, Roles.DutyLeader];

    private const string Readers =
        $"{Roles.DisciplineOffice},{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DutyLeader},{Roles.Staff}";

    [Authorize(Roles = Readers)]
    public override async Task<ListSanctionsResponse> ListSanctions(ListSanctionsRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("staff_id", request.StaffId).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Supervisors);
        var sanctions = await db.Sanctions.AsNoTracking()
            .Where(s => s.StaffId == request.StaffId)
            .ToListAsync(context.CancellationToken);
        var response = new ListSanctionsResponse();
        response.Sanctions.AddRange(sanctions.OrderByDescending(s => s.IssuedAt).ThenBy(s => s.Kind).Select(ToProto));
        return response;
    }

    [Authorize(Roles = Readers)]
    public override async Task<GetStandingResponse> GetStanding(GetStandingRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Check(request.Year is 0 or (>= 2000 and <= 2200), "year", "must be 0 (this year) or 2000-2200")
            .ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Supervisors);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), hall.Value.FindTimeZone()).DateTime);
        var year = request.Year == 0 ? today.Year : request.Year;
        var weekStart = HallWeek.StartOf(today);
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(context.CancellationToken);
        var revoked = await db.Sanctions.AnyAsync(
            s => s.StaffId == request.StaffId && s.Kind == SanctionKind.AwardEligibilityRevoked && s.Year == year &&
                 s.RevokedAt == null && !s.Proposed,
            context.CancellationToken);
        var thisWeek = await db.Violations.CountAsync(
            v => v.StaffId == request.StaffId && v.WeekStart == weekStart && v.WithdrawnAt == null,
            context.CancellationToken);
        return new GetStandingResponse
        {
            StaffId = request.StaffId, Year = year, AwardEligible = !revoked, ViolationsThisWeek = thisWeek,
            VerifiedComplaints = await db.ComplaintFindings.CountAsync(
                f => f.StaffId == request.StaffId && f.Year == year, context.CancellationToken),
        };
    }

    internal static ProtoSanction ToProto(Sanction sanction) => new()
    {
        SanctionId = sanction.SanctionId.ToString(),
        Kind = sanction.Kind switch
        {
            SanctionKind.CirculatedCriticism => ProtoSanctionKind.CirculatedCriticism,
            SanctionKind.AwardEligibilityRevoked => ProtoSanctionKind.AwardEligibilityRevoked,
            _ => (ProtoSanctionKind)(int)sanction.Kind,
        },
        RuleVersion = sanction.RuleVersion,
        WeekStart = sanction.WeekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        EvidenceEventIds = { sanction.EvidenceEventIds.Select(id => id.ToString()) },
        IssuedAt = Timestamp.FromDateTimeOffset(sanction.IssuedAt),
        StaffId = sanction.StaffId,
        AppealStatus = sanction.AppealedAt is null ? "NONE"
            : sanction.AppealDecidedBy is null ? "PENDING"
            : sanction.AppealUpheld == true ? "UPHELD" : "REJECTED",
        Revoked = sanction.RevokedAt is not null,
        RevocationReason = sanction.RevocationReason ?? "",
        Proposed = sanction.Proposed,
        ConfirmedBy = sanction.ConfirmedBy ?? "",
    };
}
