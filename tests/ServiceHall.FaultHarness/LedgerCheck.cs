using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using ServiceHall.Attendance.V1;
using ServiceHall.Cases.V1;
using ServiceHall.Complaints.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.FaultHarness;

/// <summary>
/// The ledger against the final state, read over gRPC only:
/// <list type="bullet">
/// <item><b>lost</b>: a command answered OK whose effect is missing — in its own service (the punch's late morning, the
/// ticket, the case, the review) or downstream, through the bus (the late fact in discipline, the served ticket and
/// accepted case in discipline's brief, the finished service on the window wall, the review's eligibility);</item>
/// <item><b>duplicated</b>: an effect found more often than commands answered OK (and not explained by commands whose
/// outcome stayed unknown);</item>
/// <item><b>unexpected</b>: an effect of a command that was refused.</item>
/// </list>
/// </summary>
public sealed class LedgerCheck(HallWorkload workload, ChannelBase attendance, ChannelBase cases,
    ChannelBase complaints, ChannelBase discipline)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly Metadata _reader = TestAuth.Bearer("fault-checker", Roles.Office, Roles.DisciplineOffice,
        Roles.BureauLeader);
    private readonly AttendanceService.AttendanceServiceClient _attendance = new(attendance);
    private readonly CasesService.CasesServiceClient _cases = new(cases);
    private readonly ComplaintsService.ComplaintsServiceClient _complaints = new(complaints);
    private readonly DisciplineService.DisciplineServiceClient _discipline = new(discipline);

    /// <summary>Checks until nothing is lost, duplicated or unexpected, or <paramref name="settle"/> has passed.</summary>
    public async Task<Verdict> SettleAsync(TimeSpan settle)
    {
        var deadline = DateTimeOffset.UtcNow + settle;
        while (true)
        {
            Verdict verdict;
            try
            {
                verdict = await CheckAsync();
            }
            catch (RpcException e) when (DateTimeOffset.UtcNow < deadline)
            {
                // A service still coming back after the fault.
                verdict = new Verdict(0, 0, 0, [$"check failed: {e.StatusCode} {e.Status.Detail}"]);
                await Task.Delay(500);
                continue;
            }
            if (verdict.Clean || DateTimeOffset.UtcNow > deadline)
            {
                var (waiting, why) = await WaitingTicketsAsync();
                return verdict with { Duplicated = verdict.Duplicated + waiting, Details = [.. verdict.Details, .. why] };
            }
            await Task.Delay(500);
        }
    }

    public async Task<Verdict> CheckAsync()
    {
        var ledger = workload.Ledger;
        var details = new List<string>();
        int lost = 0, duplicated = 0, unexpected = 0;

        // Punches: the late mornings in attendance's weekly summary, and one late fact each in discipline.
        foreach (var worker in workload.Workers)
        {
            var punches = ledger.Punches.Where(p => p.Worker == worker.Index).ToList();
            var lateDays = punches.Where(p => p.Outcome == Outcome.Ok && p.Late).Select(p => p.Day).ToHashSet();
            var maybeDays = punches.Where(p => p.Outcome == Outcome.Unknown).Select(p => p.Day).ToHashSet();
            var refusedDays = punches.Where(p => p.Outcome == Outcome.Refused).Select(p => p.Day).ToHashSet();

            foreach (var week in punches.Select(p => MondayOf(p.Day)).Distinct())
            {
                var summary = await _attendance.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest
                    { WeekStart = Day(week), UnitId = workload.UnitId }, _reader, Deadline());
                var line = summary.Units.SelectMany(u => u.People).FirstOrDefault(p => p.StaffId == worker.StaffId);
                var found = line?.Late ?? 0;
                var expected = lateDays.Count(d => MondayOf(d) == week);
                var maybe = maybeDays.Count(d => MondayOf(d) == week);
                if (found < expected)
                {
                    lost += expected - found;
                    details.Add($"attendance: {worker.StaffId} week {Day(week)} has {found} late mornings, {expected} answered OK");
                }
                else if (found > expected + maybe)
                {
                    unexpected += found - expected - maybe;
                    details.Add($"attendance: {worker.StaffId} week {Day(week)} has {found} late mornings, only {expected} answered OK");
                }
            }

            var facts = new List<Fact>();
            foreach (var year in punches.Select(p => p.Day.Year).Distinct())
            {
                var token = "";
                do
                {
                    var file = await _discipline.GetStaffFileAsync(new GetStaffFileRequest
                        { StaffId = worker.StaffId, Year = year, PageToken = token }, _reader, Deadline());
                    facts.AddRange(file.Facts.Where(f => f.Kind == FactKind.Late));
                    token = file.NextPageToken;
                }
                while (token.Length > 0);
            }
            var factDays = facts.GroupBy(f => DateOnly.ParseExact(f.WorkDate, "yyyy-MM-dd", Invariant))
                .ToDictionary(g => g.Key, g => g.Count());
            // Discipline hears a late morning once its day is closed (the next workday's 12:00): the set-up clock-in
            // of today is still provisional.
            foreach (var day in lateDays.Where(d => Closed(d) && !factDays.ContainsKey(d)))
            {
                lost++;
                details.Add($"discipline: no late fact for {worker.StaffId} on {Day(day)}");
            }
            foreach (var (day, count) in factDays)
            {
                if (count > 1)
                {
                    duplicated += count - 1;
                    details.Add($"discipline: {count} late facts for {worker.StaffId} on {Day(day)}");
                }
                if (!lateDays.Contains(day) && !maybeDays.Contains(day))
                {
                    unexpected++;
                    details.Add($"discipline: a late fact for {worker.StaffId} on {Day(day)}" +
                                (refusedDays.Contains(day) ? " whose punch was refused" : " without a punch answered OK"));
                }
            }
        }

        // Tickets: each one answered OK exists; each finished one is finished.
        var finished = ledger.FinishedTickets.ToHashSet(StringComparer.Ordinal);
        foreach (var ticket in ledger.Tickets.Where(t => t.Outcome == Outcome.Ok))
        {
            try
            {
                var found = await _cases.GetTicketAsync(new GetTicketRequest { TicketId = ticket.TicketId }, _reader, Deadline());
                if (finished.Contains(found.TicketId) && found.Status != ServiceHall.Cases.V1.TicketStatus.Finished)
                {
                    lost++;
                    details.Add($"cases: ticket {found.Number} was finished (answered OK) but is {found.Status}");
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                lost++;
                details.Add($"cases: ticket {ticket.TicketId} answered OK does not exist");
            }
        }

        // Cases: the item's ledger rows against the applications answered OK.
        var today = HallWorkload.HallDate(DateTimeOffset.UtcNow);
        foreach (var worker in workload.Workers)
        {
            var entries = ledger.Cases.Where(c => c.Worker == worker.Index).ToList();
            var ok = entries.Where(c => c.Outcome == Outcome.Ok).Select(c => c.CaseId!).ToHashSet(StringComparer.Ordinal);
            var maybe = entries.Count(c => c.Outcome == Outcome.Unknown);
            var rows = new List<LedgerRow>();
            var page = "";
            do
            {
                var part = await _cases.GetLedgerAsync(new GetLedgerRequest
                    { From = Day(today.AddDays(-1)), To = Day(today.AddDays(1)), ItemId = worker.ItemId, PageToken = page }, _reader, Deadline());
                rows.AddRange(part.Rows);
                page = part.NextPageToken;
            }
            while (page.Length > 0);
            foreach (var missing in ok.Where(id => rows.All(r => r.CaseId != id)))
            {
                lost++;
                details.Add($"cases: case {missing} answered OK is not in the ledger");
            }
            var extra = rows.Count(r => !ok.Contains(r.CaseId));
            if (extra > maybe)
            {
                duplicated += extra - maybe;
                details.Add($"cases: {extra} cases of {worker.ItemId} beyond the {ok.Count} answered OK");
            }
        }

        // Reviews: each answered OK exists, and the staff member's figures count each once.
        foreach (var worker in workload.Workers)
        {
            var entries = ledger.Reviews.Where(r => r.Worker == worker.Index).ToList();
            var ok = entries.Where(r => r.Outcome == Outcome.Ok).ToList();
            foreach (var review in ok)
            {
                try
                {
                    await _complaints.GetReviewAsync(new GetReviewRequest { ReviewId = review.ReviewId }, _reader, Deadline());
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    lost++;
                    details.Add($"complaints: review {review.ReviewId} answered OK does not exist");
                }
            }
            var figures = await _complaints.GetQualityFiguresAsync(new GetQualityFiguresRequest
            {
                From = Day(today.AddDays(-1)), To = Day(today.AddDays(1)), Scope = FigureScope.Staff, SubjectId = worker.StaffId,
            }, _reader, Deadline());
            var counted = figures.Subjects.Where(s => s.SubjectId == worker.StaffId).Sum(s => s.Reviews);
            var maybe = entries.Count(r => r.Outcome == Outcome.Unknown);
            if (counted > ok.Count + maybe)
            {
                duplicated += counted - ok.Count - maybe;
                details.Add($"complaints: {worker.StaffId} has {counted} reviews counted, {ok.Count} answered OK");
            }
            else if (counted < ok.Count)
            {
                lost += ok.Count - counted;
                details.Add($"complaints: {worker.StaffId} has {counted} reviews counted, {ok.Count} answered OK");
            }
        }

        // Discipline's brief: every finished service and accepted case of the unit counted once (this and last week,
        // in case the run crossed a Monday).
        var served = 0;
        var accepted = 0;
        var monday = MondayOf(today);
        foreach (var week in new[] { monday, monday.AddDays(-7) })
        {
            var brief = await _discipline.GetMondayBriefAsync(new GetMondayBriefRequest { WeekStart = Day(week) }, _reader,
                Deadline());
            if (brief.Units.FirstOrDefault(u => u.UnitId == workload.UnitId) is { } unit)
            {
                served += unit.TicketsServed;
                accepted += unit.CasesAccepted;
            }
        }
        Compare("discipline brief: tickets served", served, finished.Count, 0);
        Compare("discipline brief: cases accepted", accepted, ledger.Cases.Count(c => c.Outcome == Outcome.Ok),
            ledger.Cases.Count(c => c.Outcome == Outcome.Unknown));

        // The window wall: no window still shows a visit the cases service finished.
        foreach (var worker in workload.Workers.Where(w => w.Blocked is null))
        {
            var status = await _attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = worker.WindowId },
                _reader, Deadline());
            if (status.State == WindowState.Serving && finished.Contains(status.ServingTicketId))
            {
                lost++;
                details.Add($"attendance: window {worker.WindowId} still shows finished ticket {status.ServingTicketId} serving");
            }
        }

        return new Verdict(lost, duplicated, unexpected, details);

        void Compare(string what, int found, int expected, int maybe)
        {
            if (found < expected)
            {
                lost += expected - found;
                details.Add($"{what}: {found}, {expected} answered OK");
            }
            else if (found > expected + maybe)
            {
                duplicated += found - expected - maybe;
                details.Add($"{what}: {found}, {expected} answered OK");
            }
        }
    }

    /// <summary>
    /// Once settled: a ticket still waiting at a window whose every ticket request was answered is a duplicate (a
    /// request executed twice). Calls the next ticket of each window, so it runs once, at the very end.
    /// </summary>
    private async Task<(int Duplicated, List<string> Details)> WaitingTicketsAsync()
    {
        var details = new List<string>();
        var duplicated = 0;
        var kiosk = TestAuth.Bearer("fault-checker", Roles.System);
        foreach (var worker in workload.Workers.Where(w => w.Blocked is null && w.UnknownTickets == 0))
        {
            var next = await _cases.CallNextTicketAsync(new CallNextTicketRequest
                { WindowId = worker.WindowId, StaffId = worker.StaffId }, kiosk, Deadline());
            if (next.Ticket is { } waiting)
            {
                duplicated += 1 + next.Waiting;
                details.Add($"cases: {1 + next.Waiting} tickets waiting at {worker.WindowId} that no request was answered for (first {waiting.Number})");
            }
        }
        return (duplicated, details);
    }

    private static bool Closed(DateOnly day)
    {
        var next = day.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            next = next.AddDays(1);
        var closesAt = new DateTimeOffset(next.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        return DateTimeOffset.UtcNow >= closesAt;
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(15);
}

/// <summary>The three counts of a run, and what was found wrong.</summary>
public sealed record Verdict(int Lost, int Duplicated, int Unexpected, IReadOnlyList<string> Details)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && Unexpected == 0;
}
