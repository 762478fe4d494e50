using ServiceHall.ServiceDefaults.Data;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using Inspection = ServiceHall.Discipline.Domain.Inspection;
using InspectionKind = ServiceHall.Discipline.Domain.InspectionKind;
using RuleVersion = ServiceHall.Discipline.Domain.RuleVersion;
using SanctionKind = ServiceHall.Discipline.V1.SanctionKind;
using RuleMode = ServiceHall.Discipline.V1.RuleMode;

namespace ServiceHall.Discipline.Grpc;

/// <summary>The rulebook, inspections, appeals and the staff file.</summary>
public sealed partial class DisciplineGrpcService
{
    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var (rules, next) = Paging.Slice(await rulebook.ListAsync(context.CancellationToken), page);
        return new() { Rules = { rules.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    [Authorize(Roles = $"{Roles.DisciplineOffice},{Roles.Office}")]
    public override async Task<V1.RuleVersion> DraftRule(DraftRuleRequest request, ServerCallContext context)
    {
        var perFact = request.Mode == RuleMode.PerFact;
        var validator = new RequestValidator().Id("rule_id", request.RuleId).Text("title", request.Title, 200)
            .Text("article", request.Article, 2000)
            .Check(request.Mode is RuleMode.Unspecified or RuleMode.WeeklyCount or RuleMode.PerFact, "mode", "unknown mode")
            .Check(request.Counted.Count > 0 && request.Counted.All(k => k != FactKind.Unspecified && System.Enum.IsDefined(k)),
                "counted", "at least one known fact kind");
        if (perFact)
        {
            validator.Check(request.PerFactSanction != SanctionKind.Unspecified && System.Enum.IsDefined(request.PerFactSanction),
                    "per_fact_sanction", "is required for a per-fact rule")
                .Check(request.RequiresConfirmation || request.PerFactSanction is not (SanctionKind.Demotion or SanctionKind.Dismissal),
                    "requires_confirmation", "demotion and dismissal are only ever proposed (A28)");
        }
        else
        {
            validator.Check(request.CriticismThreshold >= 1, "criticism_threshold", "must be at least 1")
                .Check(request.RevocationThreshold >= request.CriticismThreshold, "revocation_threshold",
                    "must be at least criticism_threshold (equal thresholds: both at once)");
        }
        var effective = validator.Date("effective_from", request.EffectiveFrom);
        validator.ThrowIfInvalid();
        var version = await rulebook.DraftAsync(new RuleVersion
        {
            RuleId = request.RuleId, Title = request.Title.Trim(), Article = request.Article.Trim(),
            Mode = perFact ? Domain.RuleMode.PerFact : Domain.RuleMode.WeeklyCount,
            CountedKinds = request.Counted.Distinct().Select(k => (ViolationKind)(int)k).ToList(),
            Details = request.Details.Select(d => d.Trim()).Where(d => d.Length > 0).ToList(),
            PerFactSanction = (Domain.SanctionKind)(int)request.PerFactSanction,
            RequiresConfirmation = request.RequiresConfirmation, CriticismThreshold = request.CriticismThreshold,
            RevocationThreshold = request.RevocationThreshold, EffectiveFrom = effective,
            DraftedBy = context.Caller().Subject() ?? "unknown",
        }, context.CancellationToken);
        return ToProto(version);
    }

    [Authorize(Roles = Roles.BureauLeader)]
    public override async Task<V1.RuleVersion> ApproveRule(ApproveRuleRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("rule_id", request.RuleId).Check(request.Version >= 1, "version", "must be 1 or more")
            .ThrowIfInvalid();
        return ToProto(await rulebook.ApproveAsync(request.RuleId, request.Version, context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<InspectionResponse> RecordInspection(RecordInspectionRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Id("inspection_id", request.InspectionId)
            .Check(request.Kind != V1.InspectionKind.Unspecified && System.Enum.IsDefined(request.Kind), "kind", "is required")
            .Check(request.Findings.Count <= 200, "findings", "at most 200");
        foreach (var f in request.Findings)
        {
            validator.Check(f.Category != V1.FindingCategory.Unspecified && System.Enum.IsDefined(f.Category),
                    "findings.category", "is required")
                .Check(f.StaffId.Length + f.WindowId.Length > 0, "findings.staff_id", "name a staff member or a window");
            if (f.StaffId.Length > 0)
                validator.Id("findings.staff_id", f.StaffId);
            if (f.WindowId.Length > 0)
                validator.Id("findings.window_id", f.WindowId);
            if (f.Note.Length > 0)
                validator.Text("findings.note", f.Note, 1000);
        }
        if (request.Notes.Length > 0)
            validator.Text("notes", request.Notes, 2000);
        var now = time.GetUtcNow();
        var at = request.InspectedAt?.ToDateTimeOffset() ?? now;
        validator.Check(at <= now.AddMinutes(2) && at >= now.AddDays(-7), "inspected_at",
            "must be within the last 7 days and not in the future");
        validator.ThrowIfInvalid();
        var inspection = new Inspection
        {
            InspectionId = request.InspectionId, Kind = (InspectionKind)(int)request.Kind,
            InspectorId = context.Caller().Subject() ?? "unknown", InspectedAt = at,
            Day = calendar.DateOf(at),
            Notes = request.Notes.Length > 0 ? request.Notes.Trim() : null,
        };
        var findings = request.Findings.Select(f => new InspectionFinding
        {
            FindingId = Guid.CreateVersion7(now), InspectionId = request.InspectionId,
            Category = (Domain.FindingCategory)(int)f.Category, StaffId = f.StaffId.Length > 0 ? f.StaffId : null,
            WindowId = f.WindowId.Length > 0 ? f.WindowId : null, Note = f.Note.Length > 0 ? f.Note.Trim() : null,
        }).ToList();
        var (saved, savedFindings) = await inspections.RecordAsync(inspection, findings, context.CancellationToken);
        return new InspectionResponse
        {
            InspectionId = saved.InspectionId, Kind = (V1.InspectionKind)(int)saved.Kind, InspectorId = saved.InspectorId,
            InspectedAt = Timestamp.FromDateTimeOffset(saved.InspectedAt),
            Findings =
            {
                savedFindings.Select(f => new Finding
                {
                    Category = (V1.FindingCategory)(int)f.Category, StaffId = f.StaffId ?? "", WindowId = f.WindowId ?? "",
                    Note = f.Note ?? "",
                }),
            },
        };
    }

    [Authorize(Roles = $"{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<V1.Sanction> ConfirmSanction(ConfirmSanctionRequest request, ServerCallContext context)
    {
        var id = SanctionId(request.SanctionId, new RequestValidator());
        return ToProto(await appeals.ConfirmAsync(id, context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<V1.Sanction> DeclineSanction(DeclineSanctionRequest request, ServerCallContext context)
    {
        var id = SanctionId(request.SanctionId, new RequestValidator().Text("reason", request.Reason, 500));
        return ToProto(await appeals.DeclineAsync(id, request.Reason.Trim(), context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<V1.Sanction> IssueSanction(IssueSanctionRequest request, ServerCallContext context)
    {
        var evidence = new List<Guid>();
        var validator = new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Text("reason", request.Reason, 1000)
            .Check(request.Kind != SanctionKind.Unspecified && System.Enum.IsDefined(request.Kind), "kind",
                "must be a known SanctionKind")
            .Check(request.RuleVersion.Length is > 0 and <= 64, "rule_version", "must name a rule version, e.g. A27-attitude/v1")
            .Check(request.EvidenceEventIds.Count is > 0 and <= 50, "evidence_event_ids", "1-50 fact ids")
            .Check(request.EvidenceEventIds.All(e => Guid.TryParse(e, out var g) && AddTo(evidence, g)),
                "evidence_event_ids", "each must be a fact id (a UUID)");
        var id = SanctionId(request.SanctionId, validator);
        return ToProto(await appeals.IssueAsync(id, request.StaffId, (Domain.SanctionKind)(int)request.Kind, request.RuleVersion,
            evidence, request.Reason.Trim(), context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    private static bool AddTo(List<Guid> list, Guid id)
    {
        list.Add(id);
        return true;
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office}")]
    public override async Task<V1.Sanction> AppealSanction(AppealSanctionRequest request, ServerCallContext context)
    {
        var id = SanctionId(request.SanctionId, new RequestValidator().Text("reason", request.Reason, 2000));
        await context.FindForSelfOrAsync(() => appeals.FindAsync(id, context.CancellationToken), s => s.StaffId,
            Roles.Staff, Roles.Office);
        return ToProto(await appeals.AppealAsync(id, request.Reason.Trim(), context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<V1.Sanction> DecideSanctionAppeal(DecideSanctionAppealRequest request,
        ServerCallContext context)
    {
        var id = SanctionId(request.SanctionId, new RequestValidator().Text("reason", request.Reason, 2000));
        return ToProto(await appeals.DecideAsync(id, request.Upheld, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = Readers)]
    public override async Task<StaffFileResponse> GetStaffFile(GetStaffFileRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId)
            .Check(request.Year is 0 or (>= 2000 and <= 2200), "year", "must be 0 (this year) or 2000-2200");
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Supervisors);
        await registry.RequireSelfOrUnitOfAsync(context.Caller(), request.StaffId, context.CancellationToken);
        var file = await files.FileAsync(request.StaffId, request.Year, context.CancellationToken);
        var (facts, next) = Paging.Slice(file.Facts, page);
        return new StaffFileResponse
        {
            StaffId = file.StaffId, Year = file.Year, AwardEligible = file.AwardEligible, NextPageToken = Paging.Token(next),
            Facts =
            {
                facts.Select(f => new Fact
                {
                    Kind = (FactKind)(int)f.Kind, WorkDate = f.WorkDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Minutes = f.Minutes, EvidenceId = f.EventId.ToString(), Detail = f.Detail ?? "",
                }),
            },
            // Sanctions whole on the first page (ListSanctions pages them), not again on later ones.
            Sanctions = { page.Offset() == 0 ? file.Sanctions.Select(ToProto) : [] },
            VerifiedComplaints = file.VerifiedComplaints,
            InspectionFindings = file.Facts.Count(f => f.Kind == ViolationKind.InspectionFinding),
        };
    }

    private static Guid SanctionId(string value, RequestValidator validator)
    {
        validator.Check(Guid.TryParse(value, out var id), "sanction_id", "must be a sanction id").ThrowIfInvalid();
        return id;
    }

    private static V1.RuleVersion ToProto(RuleVersion v) => new()
    {
        RuleId = v.RuleId, Version = v.Version, Title = v.Title, Article = v.Article,
        Counted = { v.CountedKinds.Select(k => (FactKind)(int)k) }, CriticismThreshold = v.CriticismThreshold,
        RevocationThreshold = v.RevocationThreshold,
        EffectiveFrom = v.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Status = v.Status == RuleStatus.Approved ? "APPROVED" : "DRAFT", DraftedBy = v.DraftedBy,
        ApprovedBy = v.ApprovedBy ?? "", Citation = v.Citation, Mode = (RuleMode)(int)v.Mode, Details = { v.Details },
        PerFactSanction = (SanctionKind)(int)v.PerFactSanction, RequiresConfirmation = v.RequiresConfirmation,
    };
}
