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

/// <summary>servicehall.attendance.v1.AttendanceService: validation, roles, and mapping proto ↔ application.</summary>
public sealed class AttendanceGrpcService(
    Organisation organisation,
    PunchRecorder punches,
    PunchTimePolicy punchTimes,
    WindowStatusReader statuses,
    WindowWatch watch,
    Rostering rostering,
    LeaveDesk leaves,
    PostDesk posts,
    WindowClosing closing,
    TimeProvider time,
    IOptions<HallOptions> hall) : AttendanceService.AttendanceServiceBase
{
    private const string Administrators = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader}";
    private const string Clocking = $"{Roles.System},{Roles.Staff}";
    private const string Rosterers = $"{Roles.Office},{Roles.UnitHead},{Roles.DutyLeader},{Roles.BureauLeader}";

    [Authorize(Roles = Administrators)]
    public override async Task<CreateWindowResponse> CreateWindow(CreateWindowRequest request,
        ServerCallContext context)
    {
        new RequestValidator()
            .Id("window_id", request.WindowId)
            .Id("unit_id", request.UnitId)
            .Text("name", request.Name, 200)
            .ThrowIfInvalid();
        await organisation.CreateWindowAsync(request.WindowId, request.UnitId, request.Name.Trim(),
            context.CancellationToken);
        return new CreateWindowResponse { WindowId = request.WindowId };
    }

    [Authorize(Roles = Administrators)]
    public override async Task<RegisterStaffResponse> RegisterStaff(RegisterStaffRequest request,
        ServerCallContext context)
    {
        new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Text("display_name", request.DisplayName, 100)
            .Id("unit_id", request.UnitId)
            .Id("window_id", request.WindowId)
            .ThrowIfInvalid();
        await organisation.RegisterStaffAsync(request.StaffId, request.DisplayName.Trim(), request.UnitId,
            request.WindowId, context.CancellationToken);
        return new RegisterStaffResponse { StaffId = request.StaffId };
    }

    [Authorize(Roles = Clocking)]
    public override async Task<ClockInResponse> ClockIn(ClockInRequest request, ServerCallContext context)
    {
        var punchedAt = ValidatePunch(request.PunchId, request.StaffId, request.PunchedAt, request.DeviceId, context);
        var result = await punches.RecordAsync(PunchKind.ClockIn, request.PunchId, request.StaffId, punchedAt,
            request.DeviceId, context.CancellationToken);
        return new ClockInResponse
        {
            RecordId = result.RecordId.ToString(), Late = result.Flagged, MinutesLate = result.Minutes,
        };
    }

    [Authorize(Roles = Clocking)]
    public override async Task<ClockOutResponse> ClockOut(ClockOutRequest request, ServerCallContext context)
    {
        var punchedAt = ValidatePunch(request.PunchId, request.StaffId, request.PunchedAt, request.DeviceId, context);
        var result = await punches.RecordAsync(PunchKind.ClockOut, request.PunchId, request.StaffId, punchedAt,
            request.DeviceId, context.CancellationToken);
        return new ClockOutResponse
        {
            RecordId = result.RecordId.ToString(), LeftEarly = result.Flagged, MinutesEarly = result.Minutes,
        };
    }

    public override async Task<GetWindowStatusResponse> GetWindowStatus(GetWindowStatusRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).ThrowIfInvalid();
        var status = await statuses.GetAsync(request.WindowId, context.CancellationToken)
                     ?? throw GrpcErrors.NotFound("Window", request.WindowId);
        return new GetWindowStatusResponse
        {
            WindowId = status.WindowId,
            State = ToProto(status.State),
            StaffOnPost = { status.StaffOnPost },
            Since = Timestamp.FromDateTimeOffset(status.Since),
            ClosedReason = status.ClosedReason ?? "",
        };
    }

    [Authorize(Roles = Rosterers)]
    public override async Task<SetRosterResponse> SetRoster(SetRosterRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("window_id", request.WindowId);
        var weekStart = validator.Date("week_start", request.WeekStart);
        validator.Check(weekStart == default || weekStart.DayOfWeek == DayOfWeek.Monday, "week_start", "must be a Monday");
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
            });
        }
        validator.ThrowIfInvalid();
        await rostering.SetRosterAsync(request.WindowId, weekStart, entries, context.CancellationToken);
        return new SetRosterResponse { WindowId = request.WindowId, WeekStart = request.WeekStart, EntryCount = entries.Count };
    }

    public override async Task<GetRosterResponse> GetRoster(GetRosterRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("window_id", request.WindowId);
        var weekStart = validator.Date("week_start", request.WeekStart);
        validator.Check(weekStart == default || weekStart.DayOfWeek == DayOfWeek.Monday, "week_start", "must be a Monday")
            .ThrowIfInvalid();
        var entries = await rostering.GetRosterAsync(request.WindowId, weekStart, context.CancellationToken);
        return new GetRosterResponse
        {
            WindowId = request.WindowId,
            WeekStart = request.WeekStart,
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

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> RequestLeave(RequestLeaveRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("leave_id", request.LeaveId)
            .Id("staff_id", request.StaffId)
            .Id("substitute_staff_id", request.SubstituteStaffId)
            .Text("reason", request.Reason, 500)
            .Check(request.Kind != V1.LeaveKind.Unspecified, "kind", "is required")
            .Check(request.StartsAt is not null, "starts_at", "is required")
            .Check(request.EndsAt is not null, "ends_at", "is required")
            .Check(request.SubstituteStaffId != request.StaffId, "substitute_staff_id", "must be someone else");
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            var span = request.EndsAt.ToDateTimeOffset() - request.StartsAt.ToDateTimeOffset();
            validator.Check(span > TimeSpan.Zero, "ends_at", "must be after starts_at")
                .Check(span <= TimeSpan.FromDays(31), "ends_at", "leave is at most 31 days at a time");
        }
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        var leave = await leaves.RequestAsync(new LeaveRequest
        {
            LeaveId = request.LeaveId,
            StaffId = request.StaffId,
            Kind = (Domain.LeaveKind)request.Kind,
            StartsAt = request.StartsAt!.ToDateTimeOffset(),
            EndsAt = request.EndsAt!.ToDateTimeOffset(),
            SubstituteStaffId = request.SubstituteStaffId,
            Reason = request.Reason.Trim(),
            Status = Domain.LeaveStatus.Requested,
            RequestedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(leave);
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> AcceptSubstitution(AcceptSubstitutionRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        var leave = await leaves.FindAsync(request.LeaveId, context.CancellationToken);
        context.RequireSelfOr(leave.SubstituteStaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        return ToProto(await leaves.AcceptAsync(request.LeaveId, context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> ApproveLeave(ApproveLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        var approver = context.Caller().Subject() ?? "unknown";
        return ToProto(await leaves.ApproveAsync(request.LeaveId, approver, context.CancellationToken));
    }

    public override async Task<LeaveResponse> GetLeave(GetLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        var leave = await leaves.FindAsync(request.LeaveId, context.CancellationToken);
        var user = context.Caller();
        var onlyStaff = user.IsInRole(Roles.Staff) &&
                        !Roles.All.Where(r => r != Roles.Staff).Any(user.IsInRole);
        if (onlyStaff && user.Subject() != leave.StaffId && user.Subject() != leave.SubstituteStaffId)
            throw GrpcErrors.PermissionDenied("Staff may read their own leave or leave they stand in for.");
        return ToProto(leave);
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office}")]
    public override async Task<GoingOutResponse> RequestGoingOut(RequestGoingOutRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("outing_id", request.OutingId)
            .Id("staff_id", request.StaffId)
            .Text("reason", request.Reason, 500)
            .Check(request.Minutes is >= 1 and <= 480, "minutes", "must be 1 to 480")
            .ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.Office);
        var outing = await posts.RequestOutingAsync(new Outing
        {
            OutingId = request.OutingId, StaffId = request.StaffId, ApprovedMinutes = request.Minutes,
            Reason = request.Reason.Trim(), Status = OutingStatus.Requested, RequestedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(outing);
    }

    [Authorize(Roles = Roles.DutyLeader)]
    public override async Task<GoingOutResponse> ApproveGoingOut(ApproveGoingOutRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("outing_id", request.OutingId).ThrowIfInvalid();
        return ToProto(await posts.ApproveOutingAsync(request.OutingId, context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = Clocking)]
    public override async Task<PostMovementResponse> LeavePost(LeavePostRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId)
            .Check(request.OutingId.Length == 0 || request.OutingId.Length <= 64, "outing_id", "must be at most 64 characters");
        var (at, error) = punchTimes.Resolve(request.At?.ToDateTimeOffset());
        validator.Check(error is null, "at", error ?? "").ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        return ToProto(await posts.LeavePostAsync(request.StaffId, request.OutingId, at!.Value, context.CancellationToken));
    }

    [Authorize(Roles = Clocking)]
    public override async Task<PostMovementResponse> ReturnToPost(ReturnToPostRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId);
        var (at, error) = punchTimes.Resolve(request.At?.ToDateTimeOffset());
        validator.Check(error is null, "at", error ?? "").ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System);
        return ToProto(await posts.ReturnToPostAsync(request.StaffId, at!.Value, context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead},{Roles.DutyLeader}")]
    public override async Task<WindowClosureResponse> RequestWindowClosure(RequestWindowClosureRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("closure_id", request.ClosureId)
            .Id("window_id", request.WindowId)
            .Text("reason", request.Reason, 200)
            .Check(request.StartsAt is not null, "starts_at", "is required")
            .Check(request.EndsAt is not null, "ends_at", "is required");
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            validator.Check(request.EndsAt.ToDateTimeOffset() > request.StartsAt.ToDateTimeOffset(), "ends_at",
                "must be after starts_at");
        }
        validator.ThrowIfInvalid();
        var closure = await closing.RequestAsync(new WindowClosure
        {
            ClosureId = request.ClosureId, WindowId = request.WindowId, Reason = request.Reason.Trim(),
            StartsAt = request.StartsAt!.ToDateTimeOffset(), EndsAt = request.EndsAt!.ToDateTimeOffset(),
            RequestedBy = context.Caller().Subject() ?? "unknown",
        }, context.CancellationToken);
        return ToProto(closure);
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<WindowClosureResponse> ApproveWindowClosure(ApproveWindowClosureRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("closure_id", request.ClosureId).ThrowIfInvalid();
        return ToProto(await closing.ApproveAsync(request.ClosureId, context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.System},{Roles.Staff},{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<CloseWindowResponse> CloseWindow(CloseWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).Text("reason", request.Reason, 200).ThrowIfInvalid();
        var approved = await closing.CloseAsync(request.WindowId, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken);
        return new CloseWindowResponse { WindowId = request.WindowId, Approved = approved };
    }

    [Authorize(Roles = $"{Roles.System},{Roles.Staff},{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<OpenWindowResponse> OpenWindow(OpenWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).ThrowIfInvalid();
        await closing.OpenAsync(request.WindowId, context.CancellationToken);
        return new OpenWindowResponse { WindowId = request.WindowId };
    }

    private static WindowClosureResponse ToProto(WindowClosure closure) => new()
    {
        ClosureId = closure.ClosureId, WindowId = closure.WindowId,
        StartsAt = Timestamp.FromDateTimeOffset(closure.StartsAt), EndsAt = Timestamp.FromDateTimeOffset(closure.EndsAt),
        Approved = closure.Approved, ApprovedBy = closure.ApprovedBy ?? "",
    };

    private static GoingOutResponse ToProto(Outing outing) => new()
    {
        OutingId = outing.OutingId, StaffId = outing.StaffId, Minutes = outing.ApprovedMinutes,
        Approved = outing.Status == OutingStatus.Approved, ApprovedBy = outing.ApprovedBy ?? "",
    };

    private static PostMovementResponse ToProto(AwayFromPost away) => new()
    {
        AwayId = away.AwayId.ToString(),
        StaffId = away.StaffId,
        LeftAt = Timestamp.FromDateTimeOffset(away.LeftAt),
        ReturnedAt = away.ReturnedAt is { } back ? Timestamp.FromDateTimeOffset(back) : null,
        UnderApprovedOuting = away.OutingId is not null,
        AllowedMinutes = away.AllowedMinutes,
    };

    private static LeaveResponse ToProto(LeaveRequest leave) => new()
    {
        Leave = new V1.Leave
        {
            LeaveId = leave.LeaveId,
            StaffId = leave.StaffId,
            Kind = (V1.LeaveKind)leave.Kind,
            StartsAt = Timestamp.FromDateTimeOffset(leave.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(leave.EndsAt),
            SubstituteStaffId = leave.SubstituteStaffId,
            Status = (V1.LeaveStatus)leave.Status,
            ApprovedBy = leave.ApprovedBy ?? "",
        },
    };

    public override Task WatchWindows(WatchWindowsRequest request, IServerStreamWriter<WindowStatusUpdate> responseStream,
        ServerCallContext context)
    {
        var hallId = hall.Value.HallId;
        if (request.HallId.Length > 0 && !string.Equals(request.HallId, hallId, StringComparison.Ordinal))
            throw GrpcErrors.NotFound("Hall", request.HallId);
        return watch.RunAsync(hallId, (status, snapshot) => responseStream.WriteAsync(new WindowStatusUpdate
        {
            WindowId = status.WindowId,
            State = ToProto(status.State),
            StaffOnPost = { status.StaffOnPost },
            Since = Timestamp.FromDateTimeOffset(status.Since),
            Snapshot = snapshot,
            ClosedReason = status.ClosedReason ?? "",
        }, context.CancellationToken), context.CancellationToken);
    }

    private static WindowState ToProto(WindowLiveState state) =>
        state == WindowLiveState.Open ? WindowState.Open : WindowState.Closed;

    private DateTimeOffset ValidatePunch(string punchId, string staffId, Timestamp? punchedAt, string deviceId,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("punch_id", punchId)
            .Id("staff_id", staffId)
            .Id("device_id", deviceId);
        (DateTimeOffset? time, string? error) = (null, null);
        // 0001-01-01 .. 9999-12-31, the range google.protobuf.Timestamp allows.
        if (punchedAt is not null && (punchedAt.Seconds < -62_135_596_800 || punchedAt.Seconds > 253_402_300_799 ||
                                      punchedAt.Nanos is < 0 or > 999_999_999))
        {
            error = "is not a valid timestamp";
        }
        else
        {
            (time, error) = punchTimes.Resolve(punchedAt?.ToDateTimeOffset());
        }
        validator.Check(error is null, "punched_at", error ?? "").ThrowIfInvalid();
        // A staff token may punch for its own staff id only; badge readers and kiosks (system) for anyone.
        context.RequireSelfOr(staffId, Roles.Staff, Roles.System);
        return time!.Value;
    }
}
