using ServiceHall.ServiceDefaults.Data;
using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Discipline.Grpc;

/// <summary>A26 awards.</summary>
public sealed partial class DisciplineGrpcService
{
    [Authorize(Roles = $"{Roles.Office},{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<ProposeAwardsResponse> ProposeAwards(ProposeAwardsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var from = validator.Date("from", request.From);
        var to = validator.Date("to", request.To);
        validator.Check(!validator.IsValid || to >= from, "to", "must not be before from")
            .Check(request.MinimumReviews >= 0, "minimum_reviews", "must not be negative")
            .Check(request.MinimumSatisfaction is >= 0 and <= 1, "minimum_satisfaction", "must be 0 to 1");
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var proposals = await awards.ProposeAsync(from, to, request.MinimumReviews == 0 ? 10 : request.MinimumReviews,
            request.MinimumSatisfaction == 0 ? 0.95 : request.MinimumSatisfaction, context.Caller().Subject() ?? "unknown",
            context.CancellationToken);
        var (rows, next) = Paging.Slice(proposals, page);
        return new ProposeAwardsResponse { Proposals = { rows.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    [Authorize(Roles = Roles.BureauLeader)]
    public override async Task<AwardProposalInfo> ConfirmAward(ConfirmAwardRequest request, ServerCallContext context)
    {
        new RequestValidator().Check(Guid.TryParse(request.ProposalId, out var id), "proposal_id", "must be a proposal id")
            .ThrowIfInvalid();
        return ToProto(await awards.ConfirmAsync(id, context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    private static AwardProposalInfo ToProto(AwardProposal p) => new()
    {
        ProposalId = p.ProposalId.ToString(), StaffId = p.StaffId,
        From = p.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = p.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Reviews = p.Reviews, SatisfactionRate = p.SatisfactionRate, ConfirmedBy = p.ConfirmedBy ?? "",
        ProposedBy = p.ProposedBy ?? "",
    };
}
