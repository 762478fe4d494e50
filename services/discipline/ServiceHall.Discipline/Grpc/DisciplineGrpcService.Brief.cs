using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using RectificationItem = ServiceHall.Discipline.Domain.RectificationItem;

namespace ServiceHall.Discipline.Grpc;

/// <summary>The Monday brief and its rectification items.</summary>
public sealed partial class DisciplineGrpcService
{
    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice},{Roles.DutyLeader}")]
    public override async Task<MondayBriefResponse> GetMondayBrief(GetMondayBriefRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var today = brief.Today();
        var weekStart = request.WeekStart.Length > 0 ? validator.Date("week_start", request.WeekStart) : HallWeek.StartOf(today).AddDays(-7);
        validator.Check(weekStart.DayOfWeek == DayOfWeek.Monday || !validator.IsValid, "week_start", "must be a Monday")
            .ThrowIfInvalid();
        var units = await brief.BuildAsync(weekStart, context.CancellationToken);
        var names = await brief.NamesAsync(context.CancellationToken);
        return new MondayBriefResponse
        {
            WeekStart = Day(weekStart), WeekEnd = Day(weekStart.AddDays(6)),
            Units =
            {
                units.Select(u => new UnitBriefInfo
                {
                    UnitId = u.UnitId, TicketsServed = u.TicketsServed, CasesAccepted = u.CasesAccepted,
                    CasesCompleted = u.CasesCompleted, CasesOverdue = u.CasesOverdue,
                    VerifiedComplaints = u.VerifiedComplaints, BadReviews = u.BadReviews,
                    Violations = { u.Violations.Select(v => new ViolationCount { Kind = (FactKind)(int)v.Key, Count = v.Value }) },
                    InspectionFindings = u.InspectionFindings, OpenItems = { u.OpenItems.Select(ToProto) },
                    UnitName = names.GetValueOrDefault(u.UnitId, ""),
                }),
            },
            Markdown = MondayBrief.Markdown(weekStart, units, weekStart.AddDays(7), names),
        };
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<V1.RectificationItem> AddRectificationItem(AddRectificationItemRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Id("unit_id", request.UnitId).Text("title", request.Title, 500)
            .Id("owner", request.Owner);
        var due = validator.Date("due_date", request.DueDate);
        validator.ThrowIfInvalid();
        return ToProto(await brief.AddItemAsync(request.UnitId, request.Title.Trim(), request.Owner, due,
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.UnitHead},{Roles.Office},{Roles.DisciplineOffice}")]
    public override async Task<V1.RectificationItem> CloseRectificationItem(CloseRectificationItemRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Text("note", request.Note, 1000)
            .Check(Guid.TryParse(request.ItemId, out var id), "item_id", "must be an item id");
        validator.ThrowIfInvalid();
        await registry.RequireRectificationUnitAsync(context.Caller(), id, context.CancellationToken);
        return ToProto(await brief.CloseItemAsync(id, request.Note.Trim(), context.CancellationToken));
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static V1.RectificationItem ToProto(RectificationItem i) => new()
    {
        ItemId = i.ItemId.ToString(), UnitId = i.UnitId, Title = i.Title, Owner = i.Owner, DueDate = Day(i.DueDate),
        RaisedOn = Day(i.RaisedOn), RaisedBy = i.RaisedBy, ClosedOn = i.ClosedOn is { } c ? Day(c) : "",
        ClosingNote = i.ClosingNote ?? "",
    };
}
