using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// The foundation story, over gRPC only: a staff member is late three mornings of one week; discipline issues
/// circulated criticism and revokes the year's award eligibility, exactly once each, also after every event is
/// delivered again; a punch sent twice records nothing new. The same story runs on the distributed suite and on the
/// standalone host.
/// </summary>
public sealed class AttendanceWeekStory(ChannelBase attendance, ChannelBase discipline, IStoryDatabase database,
    Func<string>? disciplineLog, string? signingKey = null)
{
    private static readonly TimeZoneInfo Hall = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Metadata _office = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "office-e2e", Roles.Office);
    private readonly Metadata _badgeReader = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "reader-e2e", Roles.System);
    private readonly Metadata _disciplineOffice = TestAuth.BearerSignedWith(signingKey ?? TestAuth.SigningKey, "discipline-e2e", Roles.DisciplineOffice);

    public AttendanceService.AttendanceServiceClient Attendance { get; } = new(attendance);

    public DisciplineService.DisciplineServiceClient Discipline { get; } = new(discipline);

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
        return $"s-{suffix}";
    }

    public Task<ClockInResponse> ClockInAsync(string staffId, DateTimeOffset at, string punchId, Metadata? extra = null)
    {
        var headers = new Metadata();
        foreach (var entry in _badgeReader)
            headers.Add(entry);
        foreach (var entry in extra ?? [])
            headers.Add(entry);
        return Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = punchId, StaffId = staffId, DeviceId = "reader-e2e", PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, headers).ResponseAsync;
    }

    public async Task RunAsync()
    {
        var staffId = await RegisterAsync();
        var mornings = ThreeLateMorningsOfOneWeek(DateTimeOffset.UtcNow);
        var punchIds = mornings.Select(_ => Guid.NewGuid().ToString()).ToList();

        var responses = new List<ClockInResponse>();
        for (var i = 0; i < mornings.Count; i++)
            responses.Add(await ClockInAsync(staffId, mornings[i], punchIds[i]));

        Assert.All(responses, r => Assert.True(r.Late));
        Assert.All(responses, r => Assert.Equal(30, r.MinutesLate));
        var sanctions = await Eventually.Until(() => SanctionsAsync(staffId), s => s.Count >= 2,
            TimeSpan.FromSeconds(60), "both sanctions");
        var weekStart = MondayOf(mornings[0]).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(sanctions, s => s.Kind == SanctionKind.CirculatedCriticism && s.WeekStart == weekStart);
        Assert.Single(sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        var year = TimeZoneInfo.ConvertTime(mornings[2], Hall).Year;
        var standing = await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staffId, Year = year },
            _disciplineOffice);
        Assert.False(standing.AwardEligible);

        if (disciplineLog is not null)
            await RedeliverAndCheckAsync(staffId, sanctions, disciplineLog);

        // A badge reader sends its first punch again: the original answer, no new record.
        var punchesBefore = await database.CountPunchesAsync(staffId);
        var repeated = await ClockInAsync(staffId, mornings[0], punchIds[0]);
        Assert.Equal(responses[0], repeated);
        Assert.Equal(3, punchesBefore);
        Assert.Equal(punchesBefore, await database.CountPunchesAsync(staffId));
        Assert.Equal(2, (await SanctionsAsync(staffId)).Count);
    }

    /// <summary>Every event of this staff member is published again through the real bus: nothing changes.</summary>
    private async Task RedeliverAndCheckAsync(string staffId, List<ServiceHall.Discipline.V1.Sanction> sanctions,
        Func<string> disciplineLog)
    {
        var lateEventIds = sanctions.Single(s => s.Kind == SanctionKind.AwardEligibilityRevoked).EvidenceEventIds;
        var replayed = await database.ReplayOutboxAsync(staffId);
        Assert.True(replayed >= 6, $"expected at least 3 clock-ins and 3 lates to replay, found {replayed}");
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
    /// Three workday mornings (09:30 hall time, 30 minutes late) of one Monday-Sunday week, all in the past and
    /// within the 7 days an offline punch may reach back: this week's when three have passed, else last week's.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> ThreeLateMorningsOfOneWeek(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Hall).DateTime);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        foreach (var monday in new[] { thisMonday, thisMonday.AddDays(-7) })
        {
            var mornings = Enumerable.Range(0, 5)
                .Select(d => monday.AddDays(d).ToDateTime(new TimeOnly(9, 30)))
                .Select(local => new DateTimeOffset(local, Hall.GetUtcOffset(local)))
                .Where(t => t < now.AddMinutes(-5) && t > now.AddDays(-7).AddHours(1))
                .ToList();
            if (mornings.Count >= 3)
                return mornings.TakeLast(3).ToList();
        }
        throw new InvalidOperationException($"No three late mornings found for {now}");
    }

    private static DateOnly MondayOf(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Hall).DateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}
