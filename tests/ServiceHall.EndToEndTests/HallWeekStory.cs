using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>
/// A week of a hall, over gRPC only, on the real clock: a staff member late and leaving early one morning and caught
/// by an inspection on another day of the same week (three facts: circulated criticism and the year's award
/// eligibility lost, once each); a citizen's visit today with its ticket, accepted case and a bad review; a
/// rectification item; and the Monday brief of both weeks counting it all for the unit and carrying the item.
/// </summary>
public sealed class HallWeekStory(ChannelBase attendance, ChannelBase cases, ChannelBase complaints, ChannelBase discipline)
{
    private static readonly TimeZoneInfo Hall = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Metadata _office = TestAuth.Bearer("office-e2e", Roles.Office);
    private readonly Metadata _bureau = TestAuth.Bearer("bureau-e2e", Roles.BureauLeader);
    private readonly Metadata _disciplineOffice = TestAuth.Bearer("discipline-e2e", Roles.DisciplineOffice);

    public async Task RunAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var visit = new CitizenVisitStory(attendance, cases, complaints, "unit-" + Guid.NewGuid().ToString("N")[..6]);
        // On post without being late today: 08:55 when that has passed, else now (before nine is never late).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Hall).DateTime);
        var fiveToNine = At(today, 8, 55);
        await visit.SetUpAsync(fiveToNine < now ? fiveToNine : now);
        var disciplineClient = new DisciplineService.DisciplineServiceClient(discipline);
        var closedDay = AttendanceWeekStory.ClosedWorkday(now);
        var (first, second) = (AttendanceWeekStory.HallAt(closedDay, 9, 30), AttendanceWeekStory.HallAt(closedDay, 10, 30));
        var factsWeek = MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(first, Hall).DateTime));
        var thisWeek = MondayOf(today);

        // On a closed day: late and early (judged when the day closed), and an inspection finding.
        var late = await visit.Attendance.ClockInAsync(new ClockInRequest
            { PunchId = Guid.NewGuid().ToString(), StaffId = visit.Staff, DeviceId = "reader-e2e", PunchedAt = Ts(first) }, visit.Kiosk);
        var early = await visit.Attendance.ClockOutAsync(new ClockOutRequest
            { PunchId = Guid.NewGuid().ToString(), StaffId = visit.Staff, DeviceId = "reader-e2e", PunchedAt = Ts(first.AddHours(7)) }, visit.Kiosk);
        await disciplineClient.RecordInspectionAsync(new RecordInspectionRequest
        {
            InspectionId = "insp-" + visit.Id, Kind = InspectionKind.Unscheduled, InspectedAt = Ts(second),
            Findings = { new Finding { Category = FindingCategory.OffPost, StaffId = visit.Staff, WindowId = visit.Window, Note = "巡查时不在岗，未经批准离岗" } },
        }, _bureau);

        // Today: a citizen's visit, an accepted case, a bad review.
        var (ticket, accepted) = await visit.VisitAsync();
        var review = await visit.ReviewAsync(ticket.TicketId, ServiceHall.Complaints.V1.Grade.VeryDissatisfied);
        var item = await disciplineClient.AddRectificationItemAsync(new AddRectificationItemRequest
        {
            UnitId = visit.Unit, Title = "窗口工作纪律整顿", Owner = visit.Staff,
            DueDate = thisWeek.AddDays(11).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, _disciplineOffice);

        Assert.True(late.Late);
        Assert.False(early.LeftEarly); // the day's last clock-out, judged at the close: discipline's file shows it
        Assert.Equal(ServiceHall.Cases.V1.CaseStatus.InApproval, accepted.Status);
        Assert.True(review.Bad);
        var file = await Eventually.Until(
            () => disciplineClient.GetStaffFileAsync(new GetStaffFileRequest { StaffId = visit.Staff, Year = first.Year }, _disciplineOffice).ResponseAsync,
            f => f.Sanctions.Count >= 2, TimeSpan.FromSeconds(60), "the week's sanctions");
        Assert.Single(file.Sanctions, s => s.Kind == SanctionKind.CirculatedCriticism);
        Assert.Single(file.Sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        Assert.False(file.AwardEligible);
        Assert.Equal([FactKind.Late, FactKind.LeftEarly, FactKind.InspectionFinding], file.Facts.Select(f => f.Kind).Order());

        var sameWeek = factsWeek == thisWeek;
        var current = await Eventually.Until(() => BriefAsync(disciplineClient, thisWeek, visit.Unit),
            u => u is { TicketsServed: >= 1, CasesAccepted: >= 1, BadReviews: >= 1 }, TimeSpan.FromSeconds(60), "today's business in the brief");
        var facts = await BriefAsync(disciplineClient, factsWeek, visit.Unit);
        Assert.Equal((1, 1, 1), (current!.TicketsServed, current.CasesAccepted, current.BadReviews));
        Assert.Equal([item.ItemId], current.OpenItems.Select(i => i.ItemId));
        Assert.Equal((1, 1), (Count(facts!, FactKind.Late), Count(facts!, FactKind.LeftEarly)));
        Assert.Equal(1, facts!.InspectionFindings);
        Assert.Equal(sameWeek ? 1 : 0, facts.TicketsServed);
        var next = await BriefAsync(disciplineClient, thisWeek.AddDays(7), visit.Unit);
        Assert.Equal([item.ItemId], next!.OpenItems.Select(i => i.ItemId)); // carried into the following week
    }

    private async Task<UnitBriefInfo?> BriefAsync(DisciplineService.DisciplineServiceClient client, DateOnly weekStart, string unit)
    {
        var brief = await client.GetMondayBriefAsync(new GetMondayBriefRequest
            { WeekStart = weekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, _office);
        Assert.Contains(unit, brief.Markdown);
        return brief.Units.SingleOrDefault(u => u.UnitId == unit);
    }

    private static int Count(UnitBriefInfo unit, FactKind kind) => unit.Violations.SingleOrDefault(v => v.Kind == kind)?.Count ?? 0;

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Hall.GetUtcOffset(local));
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp Ts(DateTimeOffset at) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at);
}
