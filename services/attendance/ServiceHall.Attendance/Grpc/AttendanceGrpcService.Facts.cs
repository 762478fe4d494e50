using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Attendance.Grpc;

/// <summary>The facts of the working day: listed with where they stand, voided by the duty leader before they count.</summary>
public sealed partial class AttendanceGrpcService
{
    [Authorize(Roles = $"{ReportReaders},{Roles.Staff}")]
    public override async Task<ListAttendanceFactsResponse> ListAttendanceFacts(ListAttendanceFactsRequest request,
        ServerCallContext context)
    {
        var (date, staffId, unitId, page) = await DayOfStaffAsync(request.Date, request.StaffId, request.PageSize,
            request.PageToken, context);
        var (facts, next) = await days.ListAsync(date, staffId, unitId, page, context.CancellationToken);
        return new ListAttendanceFactsResponse { Facts = { facts.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead},{Roles.BureauLeader}")]
    public override async Task<V1.AttendanceFact> VoidAttendanceFact(VoidAttendanceFactRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Check(Guid.TryParse(request.FactId, out var factId), "fact_id", "must be a fact id (a UUID)")
            .Text("reason", request.Reason, 500);
        validator.ThrowIfInvalid();
        var user = context.Caller();
        var subject = user.Subject() ?? "unknown";
        await registry.RequireFactUnitAsync(user, factId, context.CancellationToken);
        var onlyAs = user.IsInRole(Roles.UnitHead) || user.IsInRole(Roles.BureauLeader) ? null : subject;
        return ToProto(await days.VoidAsync(factId, request.Reason.Trim(), subject, onlyAs, context.CancellationToken));
    }

    /// <summary>
    /// A day's records of one person or of everyone: a staff token must name itself, a unit head or duty leader someone
    /// of their unit (everyone: everyone of their unit), the hall-wide readers anyone.
    /// </summary>
    private async Task<(DateOnly Date, string? StaffId, string? UnitId, PageRequest Page)> DayOfStaffAsync(string date,
        string staffId, int pageSize, string pageToken, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var day = validator.Date("date", date);
        var page = validator.PageByPosition(pageSize, pageToken);
        if (staffId.Length > 0)
            validator.Id("staff_id", staffId);
        validator.ThrowIfInvalid();
        context.RequireSelfOr(staffId, Roles.Staff, ReportReaders.Split(','));
        var user = context.Caller();
        if (staffId.Length > 0)
        {
            await RequireSelfOrUnitOfAsync(context, staffId, staffId);
            return (day, staffId, null, page);
        }
        return (day, null, user.IsUnitScoped() ? user.UnitOf() : null, page);
    }

    private static V1.AttendanceFact ToProto(Domain.AttendanceFact fact)
    {
        var proto = new V1.AttendanceFact
        {
            FactId = fact.FactId.ToString(),
            StaffId = fact.StaffId,
            WindowId = fact.WindowId,
            WorkDate = Day(fact.WorkDate),
            Kind = (V1.AttendanceFactKind)(int)fact.Kind,
            Session = (V1.DaySession)(int)fact.Session,
            OccurredAt = Timestamp.FromDateTimeOffset(fact.OccurredAt),
            Minutes = fact.Minutes,
            JudgedBy = fact.Settings,
            Status = (V1.AttendanceFactStatus)(int)fact.Status,
            EndedBy = fact.EndedBy ?? "",
            EndedReason = fact.EndedReason ?? "",
        };
        if (fact.FinalAt is { } finalAt)
            proto.FinalAt = Timestamp.FromDateTimeOffset(finalAt);
        if (fact.EndedAt is { } endedAt)
            proto.EndedAt = Timestamp.FromDateTimeOffset(endedAt);
        return proto;
    }
}
