using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ProtoSanction = ServiceHall.Discipline.V1.Sanction;
using ProtoSanctionKind = ServiceHall.Discipline.V1.SanctionKind;
using Sanction = ServiceHall.Discipline.Domain.Sanction;
using SanctionKind = ServiceHall.Discipline.Domain.SanctionKind;

namespace ServiceHall.Discipline.Grpc;

/// <summary>
/// servicehall.discipline.v1.DisciplineService: the rulebook, sanctions and their decisions, appeals, inspections,
/// awards, the Monday brief and a person's file — validation, roles and messages here, the work in
/// <c>Application/</c>.
/// </summary>
public sealed partial class DisciplineGrpcService(
    RulebookDesk rulebook, InspectionDesk inspections, SanctionDesk appeals, StaffFileDesk files, BriefDesk brief,
    AwardDesk awards, RegistryDesk registry, ServiceHall.Calendar.WorkCalendar calendar, TimeProvider time)
    : DisciplineService.DisciplineServiceBase
{
    private static readonly string[] Supervisors =
        [Roles.DisciplineOffice, Roles.Office, Roles.UnitHead, Roles.BureauLeader, Roles.DutyLeader];

    private const string Readers =
        $"{Roles.DisciplineOffice},{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DutyLeader},{Roles.Staff}";

    [Authorize(Roles = Readers)]
    public override async Task<ListSanctionsResponse> ListSanctions(ListSanctionsRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId);
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Supervisors);
        await registry.RequireSelfOrUnitOfAsync(context.Caller(), request.StaffId, context.CancellationToken);
        var (sanctions, next) = await files.ListSanctionsAsync(request.StaffId, page, context.CancellationToken);
        return new ListSanctionsResponse { Sanctions = { sanctions.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    [Authorize(Roles = Readers)]
    public override async Task<GetStandingResponse> GetStanding(GetStandingRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Check(request.Year is 0 or (>= 2000 and <= 2200), "year", "must be 0 (this year) or 2000-2200")
            .ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Supervisors);
        await registry.RequireSelfOrUnitOfAsync(context.Caller(), request.StaffId, context.CancellationToken);
        var standing = await files.StandingAsync(request.StaffId, request.Year, context.CancellationToken);
        return new GetStandingResponse
        {
            StaffId = standing.StaffId, Year = standing.Year, AwardEligible = standing.AwardEligible,
            ViolationsThisWeek = standing.ViolationsThisWeek, VerifiedComplaints = standing.VerifiedComplaints,
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
