using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Attendance.Grpc;

/// <summary>Weekly rosters (A5).</summary>
public sealed partial class AttendanceGrpcService
{
    /// <summary>A window's week: 7 days of at most 50 staff.</summary>
    private const int MaxRosterEntries = 350;

    [Authorize(Roles = Rosterers)]
    public override async Task<SetRosterResponse> SetRoster(SetRosterRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("window_id", request.WindowId);
        var weekStart = validator.Date("week_start", request.WeekStart);
        validator.Check(weekStart == default || weekStart.DayOfWeek == DayOfWeek.Monday, "week_start", "must be a Monday")
            .Check(request.Entries.Count <= MaxRosterEntries, "entries",
                $"at most {MaxRosterEntries} (7 days of {MaxRosterEntries / 7} staff)");
        if (!validator.IsValid)
            validator.ThrowIfInvalid(); // before looking at each of what may be very many entries
        var entries = new List<Domain.RosterEntry>();
        for (var i = 0; i < request.Entries.Count; i++)
        {
            var entry = request.Entries[i];
            var field = $"entries[{i}]";
            validator.Id($"{field}.staff_id", entry.StaffId);
            var date = validator.Date($"{field}.date", entry.Date);
            validator
                .Check(date == default || weekStart == default || (date >= weekStart && date < weekStart.AddDays(7)),
                    $"{field}.date", "must lie in the week of week_start")
                .Check(entry.Shift != V1.Shift.Unspecified, $"{field}.shift", "is required")
                .Check(!request.Entries.Take(i).Any(e => e.Date == entry.Date && e.StaffId == entry.StaffId),
                    $"{field}", "the staff member is already rostered that day");
            entries.Add(new Domain.RosterEntry
            {
                WindowId = request.WindowId, Date = date, StaffId = entry.StaffId, Shift = (Domain.Shift)entry.Shift,
                SetBy = context.Caller().Subject() ?? "unknown", SetAt = time.GetUtcNow(),
            });
        }
        validator.ThrowIfInvalid();
        await registry.RequireWindowAsync(context.Caller(), request.WindowId, context.CancellationToken);
        await rostering.SetRosterAsync(request.WindowId, weekStart, entries, context.CancellationToken);
        return new SetRosterResponse { WindowId = request.WindowId, WeekStart = request.WeekStart, EntryCount = entries.Count };
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<GetRosterResponse> GetRoster(GetRosterRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("window_id", request.WindowId);
        var weekStart = validator.Date("week_start", request.WeekStart);
        validator.Check(weekStart == default || weekStart.DayOfWeek == DayOfWeek.Monday, "week_start", "must be a Monday")
            .ThrowIfInvalid();
        var entries = await rostering.GetRosterAsync(request.WindowId, weekStart, context.CancellationToken);
        var last = entries.Where(e => e.SetAt is not null).MaxBy(e => e.SetAt);
        return new GetRosterResponse
        {
            WindowId = request.WindowId,
            WeekStart = request.WeekStart,
            SetBy = last?.SetBy ?? "",
            SetAt = last?.SetAt is { } at ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at) : null,
            Entries =
            {
                entries.Select(e => new V1.RosterEntry
                {
                    Date = e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    StaffId = e.StaffId,
                    Shift = (V1.Shift)e.Shift,
                }),
            },
        };
    }
}
