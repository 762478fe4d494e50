using ServiceHall.ServiceDefaults.Data;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Cases.Application;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Cases.Grpc;

/// <summary>The ledger (台帐) and the work log (A21).</summary>
public sealed partial class CasesGrpcService
{
    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<Ledger> GetLedger(GetLedgerRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var from = validator.Date("from", request.From);
        var to = validator.Date("to", request.To);
        if (validator.IsValid)
        {
            validator.Check(to >= from, "to", "must not be before from")
                .Check(to.DayNumber - from.DayNumber <= 366, "to", "a ledger covers at most 366 days");
        }
        if (request.ItemId.Length > 0)
            validator.Id("item_id", request.ItemId);
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var (totals, allRows) = await reports.LedgerAsync(from, to, request.ItemId.Length > 0 ? request.ItemId : null,
            context.CancellationToken);
        var (rows, next) = Paging.Slice(allRows, page);
        return new Ledger
        {
            From = request.From, To = request.To, NextPageToken = Paging.Token(next),
            Items =
            {
                totals.Select(t => new LedgerItem
                {
                    ItemId = t.ItemId, Received = t.Received, Accepted = t.Accepted, DeemedAccepted = t.DeemedAccepted,
                    WithNotice = t.WithNotice, InApproval = t.InApproval, Completed = t.Completed, Rejected = t.Rejected,
                    Overdue = t.Overdue, CompletedOnTime = t.CompletedOnTime,
                    AverageCompletedMinutes = t.AverageCompletedMinutes,
                }),
            },
            Rows =
            {
                rows.Select(r => new V1.LedgerRow
                {
                    CaseNumber = r.File.CaseNumber ?? "", CaseId = r.File.CaseId, ItemId = r.File.ItemId,
                    ItemVersion = r.File.ItemVersion, Status = (V1.CaseStatus)(int)r.File.Status,
                    ReceivedAt = Timestamp.FromDateTimeOffset(r.File.ReceivedAt), AcceptedAt = Ts(r.File.AcceptedAt),
                    DeemedAccepted = r.File.DeemedAccepted, DecidedAt = Ts(r.File.DecidedAt),
                    ResponsibleStaffId = r.File.ResponsibleStaffId, AgentStaffId = r.File.AgentStaffId ?? "",
                    Notices = r.Notices, DueAt = Ts(r.DueAt), Overdue = r.Overdue,
                    ElapsedWorkingMinutes = r.ElapsedWorkingMinutes,
                }),
            },
            Csv = CaseReportDesk.LedgerCsv(rows, calendar.TimeZone),
        };
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.DutyLeader},{Roles.UnitHead},{Roles.Office},{Roles.DisciplineOffice}")]
    public override async Task<WorkLogResponse> GetWorkLog(GetWorkLogRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId);
        var day = request.Date.Length > 0 ? validator.Date("date", request.Date) : calendar.DateOf(time.GetUtcNow());
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.DutyLeader, Roles.UnitHead, Roles.Office,
            Roles.DisciplineOffice);
        await registry.RequireStaffUnitAsync(context.Caller(), request.StaffId, context.CancellationToken);
        var log = await reports.WorkLogAsync(request.StaffId, day, context.CancellationToken);
        return new WorkLogResponse
        {
            StaffId = log.StaffId,
            Date = log.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Services =
            {
                log.Services.Select(s => new WorkLogService
                {
                    TicketId = s.Session.TicketId, TicketNumber = s.Number, ItemId = s.Session.ItemId,
                    WindowId = s.Session.WindowId, StartedAt = Timestamp.FromDateTimeOffset(s.Session.StartedAt),
                    EndedAt = Ts(s.Session.EndedAt),
                    Seconds = (int)Math.Max(0, ((s.Session.EndedAt ?? time.GetUtcNow()) - s.Session.StartedAt).TotalSeconds),
                    Outcome = s.Session.Outcome ?? "",
                }),
            },
            ServicesCount = log.Services.Count,
            ServiceSeconds = log.ServiceSeconds,
            CasesReceived = { log.CasesReceived.Select(c => c.CaseNumber ?? c.CaseId) },
            NoticesIssued = log.NoticesIssued,
        };
    }

    private static Timestamp? Ts(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
