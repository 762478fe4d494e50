using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceHall.Audit.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>The audit trail's RPCs (<c>servicehall.audit.v1.AuditService</c>), for the chains this host keeps.</summary>
public sealed class AuditGrpcService(AuditWriter writer, AuditChains chains, IServiceScopeFactory scopes)
    : AuditService.AuditServiceBase
{
    private const string Auditors = $"{Roles.BureauLeader},{Roles.DisciplineOffice}";

    [Authorize(Roles = Auditors)]
    public override async Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var which = request.Service.Length == 0 ? chains.All : [ChainOf(request.Service)];
        var response = new VerifyAuditTrailResponse();
        foreach (var chain in which)
        {
            var result = await writer.VerifyAsync(chain.ContextType, context.CancellationToken);
            response.Chains.Add(new AuditChainVerification
            {
                Service = chain.Service, Records = result.Records, Intact = result.Intact,
                FirstBrokenSequence = result.FirstBrokenSequence, Problem = result.Problem,
                HeadSequence = result.HeadSequence, HeadHash = result.HeadHash,
            });
        }
        return response;
    }

    [Authorize(Roles = Auditors)]
    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validator = new RequestValidator();
        if (request.Subject.Length > 0)
            validator.Check(request.Subject.Length <= 128, "subject", "at most 128 characters");
        if (request.ObjectId.Length > 0)
            validator.Id("object_id", request.ObjectId);
        if (request.Method.Length > 0)
            validator.Check(request.Method.Length <= 200 && request.Method.StartsWith('/'), "method", "a full method name, e.g. /servicehall.attendance.v1.AttendanceService/ApproveLeave");
        validator.Check(request.Service.Length > 0 || chains.All.Count == 1, "service", "this host keeps several chains: name one");
        var page = validator.Page(request.PageSize, request.PageToken);
        validator.Check(page.After is null || long.TryParse(page.After, out _), "page_token", "is not a token this service gave out");
        validator.ThrowIfInvalid();
        var chain = request.Service.Length > 0 ? ChainOf(request.Service) : chains.All[0];

        await using var scope = scopes.CreateAsyncScope();
        var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(chain.ContextType);
        var query = db.AuditRecords.AsNoTracking();
        if (request.Subject.Length > 0)
            query = query.Where(r => r.Subject == request.Subject);
        if (request.Method.Length > 0)
            query = query.Where(r => r.Method == request.Method);
        if (request.ObjectId.Length > 0)
            query = query.Where(r => r.ObjectIds.Contains("=" + request.ObjectId));
        if (request.From is { } from)
            query = query.Where(r => r.RecordedAt >= from.ToDateTimeOffset());
        if (request.To is { } to)
            query = query.Where(r => r.RecordedAt < to.ToDateTimeOffset());
        if (page.After is { } after)
        {
            var before = long.Parse(after, System.Globalization.CultureInfo.InvariantCulture);
            query = query.Where(r => r.Sequence < before);
        }
        var rows = await query.OrderByDescending(r => r.Sequence).Take(page.Size + 1).ToListAsync(context.CancellationToken);
        var (records, next) = Paging.Cut(rows, page, r => r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // An object id matched inside another id (x=ab, asked for b) is not a match.
        var wanted = request.ObjectId;
        return new ListAuditRecordsResponse
        {
            Records =
            {
                records.Where(r => wanted.Length == 0 || r.ObjectIds.Split('\n').Any(i => i.EndsWith("=" + wanted, StringComparison.Ordinal)))
                    .Select(ToProto),
            },
            NextPageToken = Paging.Token(next),
        };
    }

    private AuditChains.Chain ChainOf(string service) =>
        chains.Named(service) ?? throw new InvalidInputException("service",
            $"this host keeps the audit chains of {string.Join(", ", chains.All.Select(c => c.Service))}");

    private static ServiceHall.Audit.V1.AuditRecord ToProto(Audit.AuditRecord r) => new()
    {
        Sequence = r.Sequence, RecordedAt = Timestamp.FromDateTimeOffset(r.RecordedAt), HallTime = r.HallTime,
        Subject = r.Subject, ClientId = r.ClientId,
        Roles = { r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries) }, Peer = r.Peer, Service = r.Service,
        Method = r.Method, ObjectIds = { r.ObjectIds.Split('\n', StringSplitOptions.RemoveEmptyEntries) }, Kind = r.Kind,
        Outcome = r.Outcome, RequestId = r.RequestId, TraceId = r.TraceId, PreviousHash = r.PreviousHash, Hash = r.Hash,
    };
}
