using ServiceHall.ServiceDefaults.Data;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Cases.Application;
using ServiceHall.Cases.Domain;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Grpc;

/// <summary>Intake, one-time notices, parallel approval, time limits; the applicant's data masked on the way out.</summary>
public sealed partial class CasesGrpcService
{
    private const string Deciders = $"{Roles.UnitHead},{Roles.System},{Roles.Platform}";

    [Authorize(Roles = Windows)]
    public override async Task<Case> ReceiveApplication(ReceiveApplicationRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("request_id", request.RequestId).Id("item_id", request.ItemId)
            .Id("staff_id", request.StaffId)
            .Check(request.Applicant is not null, "applicant", "is required");
        if (request.TicketId.Length > 0)
            validator.Id("ticket_id", request.TicketId);
        if (request.Applicant is { } a)
        {
            validator.Text("applicant.name", a.Name, 100)
                .Check(IdNumberPattern().IsMatch(a.IdNumber), "applicant.id_number", "must be 6-32 letters and digits")
                .Check(a.Phone.Length == 0 || PhonePattern().IsMatch(a.Phone), "applicant.phone",
                    "must be digits, '+', '-' and spaces, at most 32");
        }
        ValidateMaterialIds(validator, "submitted_material_ids", request.SubmittedMaterialIds).ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        var file = await intake.ReceiveAsync(new Application.Application(request.RequestId, request.ItemId,
            request.TicketId.Length > 0 ? request.TicketId : null, request.StaffId,
            new Applicant(request.Applicant!.Name.Trim(), request.Applicant.IdNumber.Trim().ToUpperInvariant(),
                request.Applicant.Phone.Length > 0 ? request.Applicant.Phone.Trim() : null),
            request.SubmittedMaterialIds, request.CheckLater, context.Caller().Subject() ?? ""), context.CancellationToken);
        return await CaseAsync(file.CaseId, context);
    }

    [Authorize(Roles = Windows)]
    public override async Task<Case> CheckApplication(CaseActionRequest request, ServerCallContext context)
    {
        ValidateCaseAction(request.CaseId, request.StaffId, context);
        await intake.CheckAsync(request.CaseId, request.StaffId, context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = Windows)]
    public override async Task<Case> SupplementMaterials(SupplementMaterialsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Check(request.MaterialIds.Count > 0, "material_ids", "at least one");
        ValidateMaterialIds(validator, "material_ids", request.MaterialIds).ThrowIfInvalid();
        ValidateCaseAction(request.CaseId, request.StaffId, context);
        await intake.SupplementAsync(request.CaseId, request.MaterialIds, request.StaffId, context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = Windows)]
    public override async Task<Case> IssueNotice(IssueNoticeRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Check(request.MaterialIds.Count > 0, "material_ids", "at least one");
        if (request.Reason.Length > 0)
            validator.Text("reason", request.Reason, 500);
        if (request.OverrideReason.Length > 0)
            validator.Text("override_reason", request.OverrideReason, 500);
        ValidateMaterialIds(validator, "material_ids", request.MaterialIds).ThrowIfInvalid();
        ValidateCaseAction(request.CaseId, request.StaffId, context);
        await intake.IssueNoticeAsync(request.CaseId, request.MaterialIds,
            request.Reason.Length > 0 ? request.Reason.Trim() : null,
            request.OverrideReason.Length > 0 ? request.OverrideReason.Trim() : null, request.StaffId,
            context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.System},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<NoticeText> GetNoticeText(GetNoticeTextRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).Check(request.Sequence > 0, "sequence", "must be 1 or more")
            .ThrowIfInvalid();
        var view = await reader.GetAsync(request.CaseId, null, _ => false, null, context.CancellationToken);
        var notice = view.Notices.FirstOrDefault(n => n.Sequence == request.Sequence)
                     ?? throw new NotFoundException("Notice", $"{request.CaseId} #{request.Sequence}");
        var item = await catalogue.GetAsync(view.File.ItemId, view.File.ItemVersion, context.CancellationToken);
        var label = view.File.CaseNumber ?? $"收件 {TimeZoneInfo.ConvertTime(view.File.ReceivedAt, calendar.TimeZone):yyyy-MM-dd HH:mm}";
        return new NoticeText
        {
            CaseId = request.CaseId, Sequence = notice.Sequence,
            Text = notice.Text(label, item.Name, item.Materials.ToDictionary(m => m.MaterialId, m => m.Name), "政务服务大厅",
                calendar.TimeZone),
        };
    }

    [Authorize(Roles = Deciders)]
    public override async Task<Case> DecideApproval(DecideApprovalRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).Id("unit_id", request.UnitId)
            .Text("reason", request.Reason, 500).ThrowIfInvalid();
        context.Caller().RequireUnit(request.UnitId, $"the approval branch of unit '{request.UnitId}'");
        context.Caller().RequireClientUnit(request.UnitId, $"the approval branch of unit '{request.UnitId}'");
        await approvals.DecideAsync(request.CaseId, request.UnitId, request.Approve, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = $"{Roles.UnitHead},{Roles.Office}")]
    public override async Task<Case> SendBackForRework(SendBackForReworkRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).Id("unit_id", request.UnitId)
            .Text("reason", request.Reason, 500).ThrowIfInvalid();
        context.Caller().RequireUnit(request.UnitId, $"the approval branch of unit '{request.UnitId}'");
        await approvals.ReworkAsync(request.CaseId, request.UnitId, request.Reason.Trim(), context.Caller().Subject() ?? "unknown",
            context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = $"{Roles.UnitHead},{Roles.BureauLeader}")]
    public override async Task<Case> ExtendDeadline(ExtendDeadlineRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).Check(request.Days >= 1, "days", "must be at least 1")
            .Text("reason", request.Reason, 500).ThrowIfInvalid();
        await registry.RequireCaseUnitAsync(context.Caller(), request.CaseId, context.CancellationToken);
        await approvals.ExtendAsync(request.CaseId, request.Days, request.Reason.Trim(), context.Caller().Subject() ?? "unknown",
            context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = $"{Roles.UnitHead},{Roles.Office},{Roles.DutyLeader}")]
    public override async Task<Case> AssignAgent(AssignAgentRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).Id("agent_staff_id", request.AgentStaffId).ThrowIfInvalid();
        var assigner = context.Caller().Subject() ?? "unknown";
        await registry.RequireCaseUnitAsync(context.Caller(), request.CaseId, context.CancellationToken);
        await registry.RequireAgentAsync(request.CaseId, request.AgentStaffId, assigner, context.CancellationToken);
        await approvals.AssignAgentAsync(request.CaseId, request.AgentStaffId, assigner, context.CancellationToken);
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", request.CaseId).ThrowIfInvalid();
        return await CaseAsync(request.CaseId, context);
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.System}")]
    public override async Task<FindCasesResponse> FindCasesByApplicant(FindCasesByApplicantRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Check(IdNumberPattern().IsMatch(request.IdNumber), "id_number",
            "must be 6-32 letters and digits");
        var page = validator.PageByPosition(request.PageSize, request.PageToken, Paging.DefaultSize);
        validator.ThrowIfInvalid();
        var user = context.Caller();
        var views = await reader.FindByIdNumberAsync(request.IdNumber.Trim().ToUpperInvariant(), user.Subject(),
            user.IsInRole, UnitScopeOf(user), context.CancellationToken);
        var (rows, next) = Paging.Slice(views, page);
        return new FindCasesResponse { Cases = { rows.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    private async Task<Case> CaseAsync(string caseId, ServerCallContext context)
    {
        var user = context.Caller();
        return ToProto(await reader.GetAsync(caseId, user.Subject(), user.IsInRole, UnitScopeOf(user), context.CancellationToken));
    }

    /// <summary>A unit head's unit (their roles unmask only its cases); null for hall-wide callers.</summary>
    private static string? UnitScopeOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsUnitScoped() ? user.UnitOf() ?? "" : null;

    private static void ValidateCaseAction(string caseId, string staffId, ServerCallContext context)
    {
        new RequestValidator().Id("case_id", caseId).Id("staff_id", staffId).ThrowIfInvalid();
        context.RequireSelfOr(staffId, Roles.Staff, Roles.System);
    }

    private static RequestValidator ValidateMaterialIds(RequestValidator validator, string field,
        Google.Protobuf.Collections.RepeatedField<string> ids)
    {
        validator.Check(ids.Count <= 100, field, "at most 100");
        foreach (var id in ids.Where(id => !new RequestValidator().Id(field, id).IsValid).Take(1))
            validator.Check(false, field, $"'{id}' is not an identifier");
        return validator;
    }

    private static Case ToProto(CaseView view)
    {
        var f = view.File;
        var proto = new Case
        {
            CaseId = f.CaseId, CaseNumber = f.CaseNumber ?? "", ItemId = f.ItemId, ItemVersion = f.ItemVersion,
            TicketId = f.TicketId ?? "", Status = (V1.CaseStatus)(int)f.Status, ResponsibleStaffId = f.ResponsibleStaffId,
            ReceivedBy = f.ReceivedBy, AgentStaffId = f.AgentStaffId ?? "", AgentAssignedBy = f.AgentAssignedBy ?? "", ExtendedBy = f.ExtendedBy ?? "",
            ReceivedAt = Timestamp.FromDateTimeOffset(f.ReceivedAt),
            AcceptedAt = f.AcceptedAt is { } accepted ? Timestamp.FromDateTimeOffset(accepted) : null,
            DeemedAccepted = f.DeemedAccepted,
            Applicant = new ApplicantData
            {
                Name = view.Applicant.Name, IdNumber = view.Applicant.IdNumber, Phone = view.Applicant.Phone ?? "",
            },
            ApplicantUnmasked = view.Unmasked,
            SubmittedMaterialIds = { f.SubmittedMaterialIds },
            Clock = ToProto(view.Clock),
            StatutoryDueAt = view.StatutoryDueAt is { } s ? Timestamp.FromDateTimeOffset(s) : null,
        };
        proto.Notices.AddRange(view.Notices.Select(n => new V1.Notice
        {
            Sequence = n.Sequence, IssuedAt = Timestamp.FromDateTimeOffset(n.IssuedAt), IssuedBy = n.IssuedBy,
            MaterialIds = { n.MaterialIds }, Reason = n.Reason ?? "", OverrideReason = n.OverrideReason ?? "",
            Violations = { n.Violations },
        }));
        proto.Approvals.AddRange(view.Approvals.Select(a => new UnitApproval
        {
            UnitId = a.Branch.UnitId, Status = a.Branch.Status.ToString().ToUpperInvariant(), Reason = a.Branch.Reason ?? "",
            DecidedBy = a.Branch.DecidedBy ?? "",
            DecidedAt = a.Branch.DecidedAt is { } d ? Timestamp.FromDateTimeOffset(d) : null,
            Reworks = a.Branch.Reworks, Clock = ToProto(a.Clock), ReworkBy = a.Branch.ReworkBy ?? "",
        }));
        return proto;
    }

    private static V1.Clock ToProto(ClockView c) => new()
    {
        State = !c.Stored.Started ? ClockState.NotStarted
            : c.Stored.StoppedAt is not null ? ClockState.Stopped
            : c.Suspended ? ClockState.Suspended : ClockState.Running,
        StartedAt = c.Stored.StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
        LimitDays = c.Stored.LimitDays, ExtensionDays = c.Stored.ExtensionDays,
        ExtensionReason = c.Stored.ExtensionReason ?? "",
        ElapsedMinutes = (int)c.Elapsed.TotalMinutes, SuspendedMinutes = (int)c.SuspendedTime.TotalMinutes,
        DueAt = c.DueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
        RemainingMinutes = (int)c.Remaining.TotalMinutes, Overdue = c.Overdue,
    };

    [GeneratedRegex(@"^[A-Za-z0-9]{6,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^[0-9+\- ]{3,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
