using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Attendance.Grpc;

/// <summary>
/// 补卡/更正: corrections filed by the person (or a trusted system), decided by the day's duty leader or a unit head. A
/// badge reader witnesses punches; a forgotten one is a person's word, not a reader's, so readers file none.
/// </summary>
public sealed partial class AttendanceGrpcService
{
    [Authorize(Roles = $"{Roles.Staff},{Roles.System}")]
    public override async Task<V1.Correction> FileCorrection(FileCorrectionRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("correction_id", request.CorrectionId)
            .Id("staff_id", request.StaffId)
            .Text("reason", request.Reason, 500)
            .Check(request.Kind != V1.CorrectionKind.Unspecified && System.Enum.IsDefined(request.Kind), "kind",
                "must be a known CorrectionKind");
        var date = validator.Date("work_date", request.WorkDate);
        if (request.Kind == V1.CorrectionKind.RemovePunch || request.PunchId.Length > 0)
            validator.Id("punch_id", request.PunchId);
        else
            validator.Check(request.At is not null, "at", "is required to add a punch");
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        var correction = await corrections.FileAsync(new AttendanceCorrection
        {
            CorrectionId = request.CorrectionId,
            StaffId = request.StaffId,
            WorkDate = date,
            Kind = (Domain.CorrectionKind)(int)request.Kind,
            At = request.Kind == V1.CorrectionKind.RemovePunch ? null : PunchTimePolicy.ToMilliseconds(request.At!.ToDateTimeOffset()),
            PunchId = request.Kind == V1.CorrectionKind.RemovePunch ? request.PunchId : null,
            Reason = request.Reason.Trim(),
            FiledBy = context.Caller().Subject() ?? "unknown",
            FiledAt = time.GetUtcNow(),
            Status = Domain.CorrectionStatus.Filed,
        }, context.CancellationToken);
        return ToProto(correction);
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead},{Roles.BureauLeader}")]
    public override async Task<V1.Correction> DecideCorrection(DecideCorrectionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("correction_id", request.CorrectionId).Text("reason", request.Reason, 500)
            .ThrowIfInvalid();
        var user = context.Caller();
        var subject = user.Subject() ?? "unknown";
        await registry.RequireCorrectionUnitAsync(user, request.CorrectionId, context.CancellationToken);
        var onlyAs = user.IsInRole(Roles.UnitHead) || user.IsInRole(Roles.BureauLeader) ? null : subject;
        return ToProto(await corrections.DecideAsync(request.CorrectionId, request.Approve, request.Reason.Trim(),
            subject, onlyAs, context.CancellationToken));
    }

    [Authorize(Roles = $"{ReportReaders},{Roles.Staff}")]
    public override async Task<ListCorrectionsResponse> ListCorrections(ListCorrectionsRequest request,
        ServerCallContext context)
    {
        var (date, staffId, unitId, page) = await DayOfStaffAsync(request.Date, request.StaffId, request.PageSize,
            request.PageToken, context);
        var (list, next) = await corrections.ListAsync(date, staffId, unitId, page, context.CancellationToken);
        return new ListCorrectionsResponse { Corrections = { list.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    private static V1.Correction ToProto(AttendanceCorrection c)
    {
        var proto = new V1.Correction
        {
            CorrectionId = c.CorrectionId, StaffId = c.StaffId, WorkDate = Day(c.WorkDate),
            Kind = (V1.CorrectionKind)(int)c.Kind, PunchId = c.PunchId ?? "", Reason = c.Reason, FiledBy = c.FiledBy,
            FiledAt = Timestamp.FromDateTimeOffset(c.FiledAt), Status = (V1.CorrectionStatus)(int)c.Status,
            DecidedBy = c.DecidedBy ?? "", DecisionReason = c.DecisionReason ?? "",
        };
        if (c.At is { } at)
            proto.At = Timestamp.FromDateTimeOffset(at);
        if (c.DecidedAt is { } decidedAt)
            proto.DecidedAt = Timestamp.FromDateTimeOffset(decidedAt);
        return proto;
    }
}
