using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Attendance.Grpc;

/// <summary>R1.6 hall duty: duty assignment, power-off checks, the leader duty register, the weekly summary.</summary>
public sealed partial class AttendanceGrpcService
{
    private const string ReportReaders =
        $"{Roles.Office},{Roles.DutyLeader},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice}";

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<HallDutyDay> SetHallDuty(SetHallDutyRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var date = validator.Date("date", request.Date);
        validator.Id("unit_id", request.UnitId)
            .Id("duty_staff_id", request.DutyStaffId)
            .Id("duty_leader_staff_id", request.DutyLeaderStaffId)
            .ThrowIfInvalid();
        var view = await duty.SetAsync(new HallDuty
        {
            Date = date, UnitId = request.UnitId, DutyStaffId = request.DutyStaffId,
            DutyLeaderStaffId = request.DutyLeaderStaffId, AssignedBy = context.Caller().Subject() ?? "unknown",
            AssignedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(view);
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<HallDutyDay> GetHallDuty(GetHallDutyRequest request, ServerCallContext context) =>
        ToProto(await duty.GetAsync(DayOf(request.Date, "date"), context.CancellationToken));

    [Authorize(Roles = $"{Roles.Staff},{Roles.DutyLeader},{Roles.Office}")]
    public override async Task<HallDutyDay> RecordPowerOffCheck(RecordPowerOffCheckRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator().Id("window_id", request.WindowId);
        if (request.Note.Length > 0)
            validator.Text("note", request.Note, 500);
        validator.ThrowIfInvalid();
        var date = DayOf(request.Date, "date");
        var user = context.Caller();
        var subject = user.Subject() ?? "unknown";
        var onlyAs = user.IsInRole(Roles.DutyLeader) || user.IsInRole(Roles.Office) ? null : subject;
        await registry.RequireWindowUnitAsync(user, request.WindowId, context.CancellationToken);
        return ToProto(await duty.RecordCheckAsync(date, request.WindowId, request.PoweredOff,
            request.Note.Length > 0 ? request.Note.Trim() : null, subject, onlyAs, context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.BureauLeader}")]
    public override async Task<DutyRegisterEntryResponse> WriteDutyRegister(WriteDutyRegisterRequest request,
        ServerCallContext context)
    {
        if (request.Note.Length > 0)
            new RequestValidator().Text("note", request.Note, 1000).ThrowIfInvalid();
        var date = DayOf(request.Date, "date");
        var user = context.Caller();
        var subject = user.Subject() ?? "unknown";
        var onlyAs = user.IsInRole(Roles.BureauLeader) ? null : subject;
        return ToProto(await duty.WriteRegisterAsync(date, request.Note.Length > 0 ? request.Note.Trim() : null,
            subject, onlyAs, context.CancellationToken));
    }

    [Authorize(Roles = ReportReaders)]
    public override async Task<DutyRegisterEntryResponse> GetDutyRegister(GetDutyRegisterRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator();
        var date = validator.Date("date", request.Date);
        validator.ThrowIfInvalid();
        return ToProto(await duty.GetRegisterAsync(date, context.CancellationToken));
    }

    [Authorize(Roles = ReportReaders)]
    public override async Task<WeeklyAttendanceSummary> GetWeeklyAttendanceSummary(
        GetWeeklyAttendanceSummaryRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var weekStart = request.WeekStart.Length > 0
            ? validator.Date("week_start", request.WeekStart)
            : WeeklySummaryCheck.MondayOf(calendar.DateOf(time.GetUtcNow()));
        validator.Check(request.WeekStart.Length == 0 || weekStart.DayOfWeek == DayOfWeek.Monday, "week_start",
            "must be a Monday");
        if (request.UnitId.Length > 0)
            validator.Id("unit_id", request.UnitId);
        validator.ThrowIfInvalid();
        var unitId = request.UnitId.Length > 0 ? request.UnitId : null;
        var user = context.Caller();
        if (user.IsUnitScoped()) // a unit head or duty leader: their unit's people only (none named: theirs)
        {
            unitId ??= user.UnitOf();
            user.RequireUnit(unitId, $"unit '{unitId}'");
        }
        var org = await organisation.GetAsync(unitId, context.CancellationToken);
        var weekEnd = weekStart.AddDays(6);
        var lines = await reports.CountAsync(weekStart, weekEnd, unitId, context.CancellationToken);
        var produced = await reports.ProducedAsync(weekStart, context.CancellationToken);
        var unitNames = org.Units.ToDictionary(u => u.UnitId, u => u.Name, StringComparer.Ordinal);
        var byUnit = lines.ToLookup(l => l.UnitId);
        var summary = new WeeklyAttendanceSummary
        {
            WeekStart = Day(weekStart),
            WeekEnd = Day(weekEnd),
            Csv = AttendanceCsv.Write(lines, unitNames),
            AsOf = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            ProducedAt = produced is null ? null : Timestamp.FromDateTimeOffset(produced.ProducedAt),
            // The hall's Monday file: every unit's people, so not for a caller who reads only their unit.
            ProducedCsv = user.IsUnitScoped() ? "" : produced?.Csv ?? "",
        };
        foreach (var unit in unitNames.Keys.Union(byUnit.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var people = byUnit[unit].ToList();
            summary.Units.Add(new UnitAttendance
            {
                UnitId = unit,
                UnitName = unitNames.GetValueOrDefault(unit, ""),
                Totals = ToProto(Domain.AttendanceLine.Total(unit, unitNames.GetValueOrDefault(unit, ""), people)),
                People = { people.Select(ToProto) },
            });
        }
        return summary;
    }

    private DateOnly DayOf(string value, string field)
    {
        if (value.Length == 0)
            return calendar.DateOf(time.GetUtcNow());
        var validator = new RequestValidator();
        var date = validator.Date(field, value);
        validator.ThrowIfInvalid();
        return date;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static HallDutyDay ToProto(HallDutyView view) => new()
    {
        Date = Day(view.Duty.Date),
        UnitId = view.Duty.UnitId,
        DutyStaffId = view.Duty.DutyStaffId,
        DutyLeaderStaffId = view.Duty.DutyLeaderStaffId,
        Checks =
        {
            view.Checks.Select(c => new PowerOffCheckInfo
            {
                WindowId = c.WindowId, PoweredOff = c.PoweredOff, Note = c.Note ?? "", CheckedBy = c.CheckedBy,
                CheckedAt = Timestamp.FromDateTimeOffset(c.CheckedAt),
            }),
        },
        UncheckedWindowIds = { view.UncheckedWindowIds },
        RegisterWritten = view.RegisterWritten,
    };

    private static DutyRegisterEntryResponse ToProto(DutyRegisterView view) => new()
    {
        Date = Day(view.Entry.Date),
        UnitId = view.Duty.UnitId,
        DutyStaffId = view.Duty.DutyStaffId,
        DutyLeaderStaffId = view.Duty.DutyLeaderStaffId,
        WrittenBy = view.Entry.WrittenBy,
        WrittenAt = Timestamp.FromDateTimeOffset(view.Entry.WrittenAt),
        Note = view.Entry.Note ?? "",
        Findings = { view.Content.Findings.Select(ToProto) },
        Totals = ToProto(view.Content.Totals),
        UncheckedWindowIds = { view.Content.UncheckedWindowIds },
    };

    private static V1.AttendanceLine ToProto(Domain.AttendanceLine line) => new()
    {
        UnitId = line.UnitId, StaffId = line.StaffId, DisplayName = line.DisplayName, DaysPresent = line.DaysPresent,
        Late = line.Late, MinutesLate = line.MinutesLate, LeftEarly = line.LeftEarly, MinutesEarly = line.MinutesEarly,
        OffPost = line.OffPost, OutingsOverran = line.OutingsOverran, Absent = line.Absent, Leaves = line.Leaves,
        LeaveMinutes = line.LeaveMinutes,
    };
}
