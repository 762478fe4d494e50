using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// The foundation story, over gRPC only: on a closed workday a staff member is late in the morning, back late from
/// lunch and gone half an hour early (four punches, three facts); once the day's facts are final, discipline issues
/// circulated criticism and revokes the year's award eligibility (R1.8), exactly once each, also after every event is
/// delivered again; a punch sent twice records nothing new. The same story runs on the distributed suite and on the
/// standalone host.
/// </summary>
/// <param name="attendance">The channel to attendance.</param>
/// <param name="discipline">The channel to discipline.</param>
/// <param name="database">Attendance's database, to count punches and replay the outbox.</param>
/// <param name="disciplineLog">Discipline's log so far, to see redelivered events ignored; null: no redelivery check.</param>
/// <param name="signingKey">The token signing key (default: the tests').</param>
/// <param name="reader">
/// A registered badge reader, bound to the staff member's window, that calls with its own channel and either its own
/// token (<c>Headers</c>) or none (mutual TLS: its client certificate names it); without one, the punches carry a bare
/// <c>system</c> token.
/// </param>
public sealed class AttendanceWeekStory(ChannelBase attendance, ChannelBase discipline, IStoryDatabase database,
    Func<string>? disciplineLog, string? signingKey = null, (ChannelBase Channel, string ClientId, Metadata? Headers)? reader = null)
{
    private static readonly TimeZoneInfo Hall = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Metadata _office = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "office-e2e", Roles.Office);
    private readonly Metadata _badgeReader = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "reader-e2e", Roles.System);
    private readonly Metadata _disciplineOffice = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "discipline-e2e", Roles.DisciplineOffice);

    public AttendanceService.AttendanceServiceClient Attendance { get; } = new(attendance);

    public DisciplineService.DisciplineServiceClient Discipline { get; } = new(discipline);

    private AttendanceService.AttendanceServiceClient Punches => reader is { } r ? new(r.Channel) : Attendance;

    private Metadata ReaderHeaders => reader is null ? _badgeReader : reader.Value.Headers ?? [];

    private string DeviceId => reader?.ClientId ?? "reader-e2e";

    public async Task<string> RegisterAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        try
        {
            await Attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = "unit-hr", Name = "人社局" }, _office);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // The suite's database already has it.
        }
        await Attendance.CreateWindowAsync(
            new CreateWindowRequest { WindowId = $"w-{suffix}", UnitId = "unit-hr", Name = "社保 1号窗口" }, _office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest
        {
            StaffId = $"s-{suffix}", DisplayName = "李明", UnitId = "unit-hr", WindowId = $"w-{suffix}",
        }, _office);
        if (reader is { } r)
        {
            await Attendance.RegisterClientAsync(new RegisterClientRequest
            {
                ClientId = r.ClientId, Kind = ClientKind.BadgeReader, Name = "考勤机", WindowIds = { $"w-{suffix}" },
            }, _office);
        }
        return $"s-{suffix}";
    }

    public Task<ClockInResponse> ClockInAsync(string staffId, DateTimeOffset at, string punchId, Metadata? extra = null)
    {
        var headers = new Metadata();
        foreach (var entry in ReaderHeaders)
            headers.Add(entry);
        foreach (var entry in extra ?? [])
            headers.Add(entry);
        return Punches.ClockInAsync(new ClockInRequest
        {
            PunchId = punchId, StaffId = staffId, DeviceId = DeviceId, PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, headers).ResponseAsync;
    }

    public ClockOutResponse? LastClockOut { get; private set; }

    public Task<ClockOutResponse> ClockOutAsync(string staffId, DateTimeOffset at, string punchId) =>
        Punches.ClockOutAsync(new ClockOutRequest
        {
            PunchId = punchId, StaffId = staffId, DeviceId = DeviceId, PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, ReaderHeaders).ResponseAsync;

    public async Task RunAsync()
    {
        var staffId = await RegisterAsync();
        var day = ClosedWorkday(DateTimeOffset.UtcNow);
        var punchIds = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();

        var morning = await ClockInAsync(staffId, HallAt(day, 9, 30), punchIds[0]);
        await ClockOutAsync(staffId, HallAt(day, 12, 0), punchIds[1]);
        var afternoon = await ClockInAsync(staffId, HallAt(day, 13, 30), punchIds[2]);
        LastClockOut = await ClockOutAsync(staffId, HallAt(day, 16, 30), punchIds[3]);

        Assert.Equal((true, 30), (morning.Late, morning.MinutesLate));
        Assert.Equal((true, 30), (afternoon.Late, afternoon.MinutesLate));
        Assert.False(LastClockOut.LeftEarly); // judged when the day closes, not at the punch
        var sanctions = await Eventually.Until(() => SanctionsAsync(staffId), s => s.Count >= 2,
            TimeSpan.FromSeconds(60), "both sanctions");
        var weekStart = MondayOf(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(sanctions, s => s.Kind == SanctionKind.CirculatedCriticism && s.WeekStart == weekStart);
        Assert.Single(sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        var standing = await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staffId, Year = day.Year },
            _disciplineOffice);
        Assert.False(standing.AwardEligible);

        if (disciplineLog is not null)
            await RedeliverAndCheckAsync(staffId, sanctions, disciplineLog);

        // A badge reader sends its first punch again: the original answer, no new record.
        var punchesBefore = await database.CountPunchesAsync(staffId);
        var repeated = await ClockInAsync(staffId, HallAt(day, 9, 30), punchIds[0]);
        Assert.Equal(morning, repeated);
        Assert.Equal(4, punchesBefore);
        Assert.Equal(punchesBefore, await database.CountPunchesAsync(staffId));
        Assert.Equal(2, (await SanctionsAsync(staffId)).Count);
    }

    /// <summary>Every event of this staff member is published again through the real bus: nothing changes.</summary>
    private async Task RedeliverAndCheckAsync(string staffId, List<ServiceHall.Discipline.V1.Sanction> sanctions,
        Func<string> disciplineLog)
    {
        var lateEventIds = sanctions.Single(s => s.Kind == SanctionKind.AwardEligibilityRevoked).EvidenceEventIds;
        var replayed = await database.ReplayOutboxAsync(staffId);
        Assert.True(replayed >= 7, $"expected 4 punches and 3 facts to replay, found {replayed}");
        await Eventually.Until(() => database.CountRepublishedAsync(staffId), n => n == replayed,
            TimeSpan.FromSeconds(60), "the outbox to publish the events again");
        await Eventually.Until(() => Task.FromResult(disciplineLog()),
            log => lateEventIds.All(id => log.Contains($"ignored redelivered event {id}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), "discipline to receive the redelivered lates");
        var afterReplay = await SanctionsAsync(staffId);
        Assert.Equal(sanctions.Select(s => s.SanctionId).Order(), afterReplay.Select(s => s.SanctionId).Order());
    }

    public async Task<List<ServiceHall.Discipline.V1.Sanction>> SanctionsAsync(string staffId) =>
        (await Discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, _disciplineOffice))
        .Sanctions.ToList();

    /// <summary>
    /// The latest workday (Monday to Friday) that is closed — the next workday's 12:00, when a day closes by itself,
    /// has passed — and whose morning lies within the 7 days an offline punch may reach back. There always is one:
    /// on a Monday morning it is last Thursday.
    /// </summary>
    public static DateOnly ClosedWorkday(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Hall).DateTime);
        static bool Weekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        for (var day = today.AddDays(-1); day >= today.AddDays(-7); day = day.AddDays(-1))
        {
            if (Weekend(day))
                continue;
            var next = day.AddDays(1);
            while (Weekend(next))
                next = next.AddDays(1);
            if (now >= HallAt(next, 12, 2) && HallAt(day, 8, 0) > now.AddDays(-7).AddHours(1))
                return day;
        }
        throw new InvalidOperationException($"No closed workday found for {now}");
    }

    /// <summary>A hall-time moment of a date.</summary>
    public static DateTimeOffset HallAt(DateOnly date, int hour, int minute)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Hall.GetUtcOffset(local));
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
