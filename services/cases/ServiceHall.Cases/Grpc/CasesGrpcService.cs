using ServiceHall.ServiceDefaults.Data;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Cases.Application;
using ServiceHall.Cases.Domain;
using ServiceHall.Cases.V1;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Cases.Grpc;

/// <summary>servicehall.cases.v1.CasesService: validation, roles, and mapping proto ↔ application.</summary>
public sealed partial class CasesGrpcService(
    CatalogueDesk catalogue,
    TicketDesk tickets,
    IntakeDesk intake,
    ApprovalDesk approvals,
    CaseLookupDesk reader,
    RegistryDesk registry,
    CaseReportDesk reports,
    WorkCalendar calendar,
    TimeProvider time) : CasesService.CasesServiceBase
{
    private const string Publishers = $"{Roles.Office},{Roles.BureauLeader}";

    [Authorize(Roles = Publishers)]
    public override async Task<ServiceItem> PublishServiceItem(PublishServiceItemRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("item_id", request.ItemId)
            .Text("name", request.Name, 200)
            .Id("approving_unit_id", request.ApprovingUnitId)
            .Text("content", request.Content, 4000)
            .Text("legal_basis", request.LegalBasis, 2000)
            .Text("result_form", request.ResultForm, 200);
        foreach (var unit in request.ParallelUnitIds)
            validator.Id("parallel_unit_ids", unit);
        foreach (var step in request.ProcedureSteps)
            validator.Text("procedure_steps", step, 500);
        foreach (var material in request.Materials)
            validator.Id("materials.material_id", material.MaterialId).Text("materials.name", material.Name, 200)
                .Check(material.Copies >= 0, "materials.copies", "must not be negative");
        if (request.FeeBasis.Length > 0)
            validator.Text("fee_basis", request.FeeBasis, 1000);
        if (request.FeeStandard.Length > 0)
            validator.Text("fee_standard", request.FeeStandard, 1000);
        if (request.BeyondOneWeekReason.Length > 0)
            validator.Text("beyond_one_week_reason", request.BeyondOneWeekReason, 500);
        validator.ThrowIfInvalid();
        var version = await catalogue.PublishAsync(new ServiceItemVersion
        {
            ItemId = request.ItemId,
            Name = request.Name.Trim(),
            ApprovingUnitId = request.ApprovingUnitId,
            ParallelUnitIds = request.ParallelUnitIds.Distinct(StringComparer.Ordinal).ToList(),
            Content = request.Content.Trim(),
            ProcedureSteps = request.ProcedureSteps.Select(s => s.Trim()).ToList(),
            LegalBasis = request.LegalBasis.Trim(),
            Materials = request.Materials.Select(m => new Domain.Material(m.MaterialId, m.Name.Trim(),
                m.OriginalRequired, m.Copies == 0 ? 1 : m.Copies)).ToList(),
            CommittedDays = request.CommittedDays,
            StatutoryDays = request.StatutoryDays,
            ResultForm = request.ResultForm.Trim(),
            FeeBasis = request.FeeBasis.Trim(),
            FeeStandard = request.FeeStandard.Trim(),
            BeyondOneWeekReason = request.BeyondOneWeekReason.Length > 0 ? request.BeyondOneWeekReason.Trim() : null,
            PublishedBy = context.Caller().Subject() ?? "unknown",
            PublishedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(version);
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<ServiceItem> GetServiceItem(GetServiceItemRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("item_id", request.ItemId)
            .Check(request.Version >= 0, "version", "must not be negative").ThrowIfInvalid();
        return ToProto(await catalogue.GetAsync(request.ItemId, request.Version, context.CancellationToken));
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<ListServiceItemsResponse> ListServiceItems(ListServiceItemsRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator();
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var items = (await catalogue.ListLatestAsync(context.CancellationToken))
            .OrderBy(v => v.ItemId, StringComparer.Ordinal).ToList();
        var (rows, next) = Paging.Slice(items, page);
        return new() { Items = { rows.Select(ToProto) }, NextPageToken = Paging.Token(next) };
    }

    private static ServiceItem ToProto(ServiceItemVersion v) => new()
    {
        ItemId = v.ItemId, Version = v.Version, Name = v.Name, ApprovingUnitId = v.ApprovingUnitId,
        ParallelUnitIds = { v.ParallelUnitIds }, Content = v.Content, ProcedureSteps = { v.ProcedureSteps },
        LegalBasis = v.LegalBasis,
        Materials =
        {
            v.Materials.Select(m => new V1.Material
            {
                MaterialId = m.MaterialId, Name = m.Name, OriginalRequired = m.OriginalRequired, Copies = m.Copies,
            }),
        },
        CommittedDays = v.CommittedDays, StatutoryDays = v.StatutoryDays, ResultForm = v.ResultForm,
        BeyondOneWeek = v.BeyondOneWeek, BeyondOneWeekReason = v.BeyondOneWeekReason ?? "",
        FeeBasis = v.FeeBasis, FeeStandard = v.FeeStandard, PublishedBy = v.PublishedBy,
        PublishedAt = Timestamp.FromDateTimeOffset(v.PublishedAt),
    };
}
