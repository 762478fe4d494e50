using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Calendar;
using ServiceHall.Contracts;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// Keeps each person's working day judged (<see cref="WorkingDayRule"/>): whenever a punch, leave, time away or the
/// clock changes what is known, the whole day is judged again and its stored facts brought in line. Facts are
/// provisional until the day is closed (R1.6: the duty leader writes the day's register, or <c>DayClosesAt</c> of the
/// next workday passes) and has settled; then they become final and are published, one event each, with the fact's
/// id as the event id. A final fact that no longer holds is withdrawn (<see cref="AttendanceFactWithdrawn"/>).
/// Every method stages its changes in the caller's unit of work; the caller saves and commits.
/// </summary>
public sealed class AttendanceDayDesk(
    AttendanceDbContext db, WorkCalendar calendar, WorkSchedule schedule, IOptions<HallOptions> hall, TimeProvider time)
{
    public const string ClosedByRegister = "duty-register";

    public const string ClosedByCloseTime = "close-time";

    private readonly WorkingDayRule _rule = new(calendar, SettingsOf(calendar, schedule));

    public JudgingSettings Settings => _rule.Settings;

    /// <summary>The numbers the hall judges days by, from its calendar and the <c>Attendance</c> settings.</summary>
    public static JudgingSettings SettingsOf(WorkCalendar calendar, WorkSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(schedule);
        var options = calendar.Options;
        var (morningEnd, afternoonStart) = options is { LunchStart: { } ls, LunchEnd: { } le }
            ? (ls, le)
            : (options.EndOfWork, options.StartOfWork);
        return new JudgingSettings(schedule.GraceMinutes, options.StartOfWork, morningEnd, afternoonStart,
            options.EndOfWork, schedule.AbsenceCutoff, schedule.AfternoonAbsenceCutoff, schedule.OffPostThresholdMinutes);
    }

    /// <summary>When <paramref name="date"/> closes by itself: <c>DayClosesAt</c> on the next workday.</summary>
    public DateTimeOffset CloseTimeOf(DateOnly date) =>
        calendar.At(calendar.NthWorkdayAfter(date, 1), schedule.DayClosesAt);

    /// <summary>The sessions a person owes on a date, from the week's roster (A5).</summary>
    public async Task<IReadOnlySet<DaySession>> OwedAsync(StaffMember staff, DateOnly date,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var (monday, sunday) = WeekOf(date);
        var week = await db.Rosters.AsNoTracking()
            .Where(r => r.StaffId == staff.StaffId && r.Date >= monday && r.Date <= sunday)
            .ToListAsync(cancellationToken);
        return OwedSessions.Of(staff, date, week, schedule.UnrosteredOweFullDay);
    }

    public static (DateOnly Monday, DateOnly Sunday) WeekOf(DateOnly date)
    {
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return (monday, monday.AddDays(6));
    }

    /// <summary>
    /// Judges one person's day again as of now and stages the changes; returns the facts that stand afterwards.
    /// <paramref name="inputChanged"/>: something of the day itself changed (a punch, leave, time away), which
    /// restarts its settling. <paramref name="closeBy"/>: close the day now (the duty register is being written).
    /// </summary>
    public async Task<IReadOnlyList<AttendanceFact>> JudgeAsync(StaffMember staff, DateOnly date, string reason,
        bool inputChanged, CancellationToken cancellationToken, string? closeBy = null)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var now = time.GetUtcNow();
        var day = await LockDayAsync(staff.StaffId, date, cancellationToken);
        if (day is null)
        {
            // Created on its own (a savepoint inside the caller's transaction): when another judging of the same day
            // (the day check, a punch) created it first, this one takes that row and goes on.
            day = new AttendanceDay { StaffId = staff.StaffId, WorkDate = date, LastChangedAt = now };
            db.Days.Add(day);
            // This save must survive a conflict: a savepoint around it even where the caller turned them off.
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = true;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                db.Entry(day).State = EntityState.Detached;
                day = await db.Days.FirstOrDefaultAsync(d => d.StaffId == staff.StaffId && d.WorkDate == date,
                          cancellationToken)
                      ?? throw new InvalidOperationException("A unique violation without the day it conflicted with.", ex);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
        }
        if (day.ClosedAt is null)
        {
            closeBy ??= now >= CloseTimeOf(date) ? ClosedByCloseTime
                : await db.DutyRegister.AnyAsync(r => r.Date == date, cancellationToken) ? ClosedByRegister : null;
            if (closeBy is not null)
                (day.ClosedAt, day.ClosedBy) = (now, closeBy);
        }

        var owed = await OwedAsync(staff, date, cancellationToken);
        var (dayStart, dayEnd) = (calendar.At(date, TimeOnly.MinValue), calendar.At(date.AddDays(1), TimeOnly.MinValue));
        var staffId = staff.StaffId;
        // Punches an approved correction set aside (更正) do not count (in the same query: one round trip).
        var punches = await db.Punches.AsNoTracking()
            .Where(p => p.StaffId == staffId && p.PunchedAt >= dayStart && p.PunchedAt < dayEnd &&
                        !db.Corrections.Any(c => c.StaffId == staffId && c.WorkDate == date &&
                                                 c.Status == CorrectionStatus.Approved &&
                                                 c.Kind == CorrectionKind.RemovePunch && c.PunchId == p.PunchId))
            .Select(p => new DayPunch(p.Kind, p.PunchedAt))
            .ToListAsync(cancellationToken);
        var leave = await db.Leaves.AsNoTracking()
            .Where(l => l.StaffId == staffId && l.Status == LeaveStatus.Approved && l.StartsAt < dayEnd &&
                        l.EndsAt > dayStart)
            .Select(l => new DaySpan(l.StartsAt, l.EndsAt))
            .ToListAsync(cancellationToken);
        var aways = await db.Aways.AsNoTracking()
            .Where(a => a.StaffId == staffId && a.LeftAt >= dayStart && a.LeftAt < dayEnd)
            .ToListAsync(cancellationToken);
        var judged = _rule.Judge(new WorkingDayInput(date, owed, punches, leave,
            aways.Select(a => new DayAway(a.AwayId, a.LeftAt, a.ReturnedAt, a.OutingId is null ? null : a.AllowedMinutes))
                .ToList(),
            now, day.ClosedAt is not null));

        var stored = await db.Facts.Where(f => f.StaffId == staffId && f.WorkDate == date)
            .ToListAsync(cancellationToken);
        var settings = Settings.Describe();
        var changes = FactReconciliation.Reconcile(stored, judged, fact => new AttendanceFact
        {
            FactId = Guid.CreateVersion7(now), StaffId = staffId, WindowId = staff.WindowId, WorkDate = date,
            Key = fact.Key, Kind = fact.Kind, Session = fact.Session, OccurredAt = fact.OccurredAt,
            Minutes = fact.Minutes, Settings = settings, Status = AttendanceFactStatus.Provisional, FoundAt = now,
            TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
        }, now, reason, settings);
        db.Facts.AddRange(changes.Added);
        db.Facts.RemoveRange(changes.Dropped);
        foreach (var withdrawn in changes.Withdrawn)
        {
            db.AddEvent(new AttendanceFactWithdrawn(Guid.CreateVersion7(now), now, hall.Value.HallId, withdrawn.FactId,
                staffId, date, withdrawn.Kind.ToString(), reason), now);
        }

        day.JudgedStage = StageOf(date, owed, day.ClosedAt is not null, now);
        day.JudgedAt = now;
        if (inputChanged)
            day.LastChangedAt = now;
        day.Revision++;
        return stored.Where(f => f.Stands).Except(changes.Dropped).Concat(changes.Added).ToList();
    }

    /// <summary>A day's facts, every status, of one person or of everyone, in the order they happened.</summary>
    /// <summary>A day's facts of one staff member or of everyone (of one unit when <paramref name="unitId"/> is given).</summary>
    /// <summary>A day's facts (of one person, of a unit, or of everyone), a page at a time by position.</summary>
    public async Task<(IReadOnlyList<AttendanceFact> Rows, string? NextAfter)> ListAsync(DateOnly date, string? staffId,
        string? unitId, PageRequest page, CancellationToken cancellationToken) =>
        Paging.CutAtOffset(await db.Facts.AsNoTracking()
            .Where(f => f.WorkDate == date && (staffId == null || f.StaffId == staffId))
            .Where(f => unitId == null || db.Staff.Any(s => s.StaffId == f.StaffId && s.UnitId == unitId))
            .OrderBy(f => f.StaffId).ThenBy(f => f.OccurredAt).ThenBy(f => f.Key).ThenBy(f => f.FactId)
            .Skip(page.Offset()).Take(page.Size + 1)
            .ToListAsync(cancellationToken), page);

    /// <summary>
    /// The duty leader voids a provisional fact with a reason: it never counts and is never published. A caller who is
    /// only a duty leader (<paramref name="onlyAsDutyLeader"/>) must be the day's duty leader when the day has a duty.
    /// </summary>
    public async Task<AttendanceFact> VoidAsync(Guid factId, string reason, string by, string? onlyAsDutyLeader,
        CancellationToken cancellationToken)
    {
        var fact = await db.Facts.FirstOrDefaultAsync(f => f.FactId == factId, cancellationToken)
                   ?? throw new NotFoundException("Attendance fact", factId.ToString());
        await RequireTheDaysDutyLeaderAsync(fact.WorkDate, onlyAsDutyLeader, "voids its facts", cancellationToken);
        if (fact.Status != AttendanceFactStatus.Provisional)
        {
            var why = fact.Status == AttendanceFactStatus.Final
                ? "it is final (the day is closed); an approved correction withdraws it"
                : $"it is {fact.Status.ToString().ToLowerInvariant()} already";
            throw new RuleRefusedException($"Attendance fact '{factId}' cannot be voided: {why}.",
                [("R1.6", $"attendance-fact/{factId}", why)]);
        }
        (fact.Status, fact.EndedAt, fact.EndedBy, fact.EndedReason) =
            (AttendanceFactStatus.Voided, time.GetUtcNow(), by, reason);
        await db.SaveChangesAsync(cancellationToken);
        return fact;
    }

    /// <summary>
    /// A caller who is only a duty leader (<paramref name="onlyAs"/> their id) acts on a day only as its duty leader,
    /// when the day has a hall duty (R1.6); unit heads and bureau leaders pass null.
    /// </summary>
    public async Task RequireTheDaysDutyLeaderAsync(DateOnly date, string? onlyAs, string what,
        CancellationToken cancellationToken)
    {
        if (onlyAs is not null &&
            await db.HallDuties.AsNoTracking().FirstOrDefaultAsync(d => d.Date == date, cancellationToken) is { } duty &&
            duty.DutyLeaderStaffId != onlyAs)
        {
            throw new NotPermittedException(
                $"Only the duty leader of {date:yyyy-MM-dd} ('{duty.DutyLeaderStaffId}'), a unit head or a bureau leader {what}.");
        }
    }

    /// <summary>
    /// R1.6: the duty leader wrote the day's register: every person's day is closed and judged now, and what stands is
    /// final at once (a person closed it; nothing waits to settle). Returns how many facts became final.
    /// </summary>
    public async Task<int> CloseByRegisterAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var (monday, sunday) = WeekOf(date);
        var staff = await db.Staff.AsNoTracking().ToListAsync(cancellationToken);
        var rosters = (await db.Rosters.AsNoTracking().Where(r => r.Date >= monday && r.Date <= sunday)
            .ToListAsync(cancellationToken)).ToLookup(r => r.StaffId);
        var known = (await db.Days.AsNoTracking().Where(d => d.WorkDate == date).Select(d => d.StaffId)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var person in staff.Where(s => !s.IsDisabledOn(date, calendar.DateOf)))
        {
            var week = rosters[person.StaffId].ToList();
            var looked = calendar.DateOf(person.RegisteredAt) <= date || week.Any(r => r.Date == date);
            var owes = looked && OwedSessions.Of(person, date, week, schedule.UnrosteredOweFullDay).Count > 0;
            if (owes || known.Contains(person.StaffId))
                await JudgeAsync(person, date, "the duty register was written", false, cancellationToken, ClosedByRegister);
        }
        await db.SaveChangesAsync(cancellationToken);
        var finalized = 0;
        foreach (var person in staff)
            finalized += await FinalizeAsync(person.StaffId, date, cancellationToken);
        return finalized;
    }

    /// <summary>
    /// Saves the caller's change and judges the days it touches with it, in one transaction (joining the caller's):
    /// a change to a day's inputs and what it makes of the day are committed together.
    /// </summary>
    public async Task SaveAndJudgeAsync(StaffMember staff, IEnumerable<DateOnly> dates, string reason,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var date in dates)
            await JudgeAsync(staff, date, reason, inputChanged: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The day's row, locked for the rest of the transaction on PostgreSQL (<c>FOR UPDATE</c>): a second judging of the
    /// same day — the day check while a leave is approved — waits for the first and then judges with it in view,
    /// instead of failing on the row's revision. SQLite writes one transaction at a time anyway.
    /// </summary>
    private async Task<AttendanceDay?> LockDayAsync(string staffId, DateOnly date, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite() || db.Database.CurrentTransaction is null)
        {
            return await db.Days.FirstOrDefaultAsync(d => d.StaffId == staffId && d.WorkDate == date,
                cancellationToken);
        }
        var locked = await db.Days
            .FromSqlInterpolated(
                $"SELECT * FROM attendance_days WHERE \"StaffId\" = {staffId} AND \"WorkDate\" = {date} FOR UPDATE")
            .ToListAsync(cancellationToken);
        return locked.FirstOrDefault();
    }

    /// <summary>
    /// How many of the day's time marks have passed: each owed session's absence cut-off, and 3 once it is closed.
    /// The day check judges a day again when this grows.
    /// </summary>
    public int StageOf(DateOnly date, IReadOnlySet<DaySession> owed, bool closed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owed);
        if (closed)
            return 3;
        var stage = 0;
        if (owed.Contains(DaySession.Morning) && now >= calendar.At(date, schedule.AbsenceCutoff))
            stage++;
        if (owed.Contains(DaySession.Afternoon) && now >= calendar.At(date, schedule.AfternoonAbsenceCutoff))
            stage++;
        return stage;
    }

    /// <summary>
    /// The day's provisional facts become final, each published once with its id as the event id. The caller has
    /// checked that the day is closed (and settled, unless a person closed it).
    /// </summary>
    public async Task<int> FinalizeAsync(string staffId, DateOnly date, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var facts = await db.Facts
            .Where(f => f.StaffId == staffId && f.WorkDate == date && f.Status == AttendanceFactStatus.Provisional)
            .ToListAsync(cancellationToken);
        if (facts.Count == 0)
            return 0;
        var recordId = await db.Records.AsNoTracking().Where(r => r.StaffId == staffId && r.WorkDate == date)
            .Select(r => r.RecordId).FirstOrDefaultAsync(cancellationToken);
        foreach (var fact in facts)
        {
            fact.Status = AttendanceFactStatus.Final;
            fact.FinalAt = now;
            // The event continues the trace of what found the fact (a late clock-in's call), not the day check's.
            using var activity = fact.TraceParent is { } traceParent &&
                                 ActivityContext.TryParse(traceParent, null, out var parent)
                ? ServiceHallTelemetry.Domain.StartActivity("attendance fact final", ActivityKind.Internal, parent)
                : null;
            activity?.SetTag("servicehall.fact_kind", fact.Kind.ToString());
            db.AddEvent(await EventOfAsync(fact, recordId, cancellationToken), now);
        }
        return facts.Count;
    }

    private async Task<IIntegrationEvent> EventOfAsync(AttendanceFact fact, Guid recordId,
        CancellationToken cancellationToken)
    {
        var hallId = hall.Value.HallId;
        var (id, at, staffId, windowId, date) = (fact.FactId, fact.OccurredAt, fact.StaffId, fact.WindowId, fact.WorkDate);
        var session = fact.Session == DaySession.None ? "" : fact.Session.ToString();
        switch (fact.Kind)
        {
            case AttendanceFactKind.Late:
                return new StaffLate(id, at, hallId, staffId, windowId, recordId, date, fact.Minutes, session, fact.Settings);
            case AttendanceFactKind.LeftEarly:
                return new StaffLeftEarly(id, at, hallId, staffId, windowId, recordId, date, fact.Minutes, fact.Settings);
            case AttendanceFactKind.Absent:
                return new StaffAbsent(id, at, hallId, staffId, windowId, date, session, fact.Settings);
            case AttendanceFactKind.OffPost:
                return new StaffOffPost(id, at, hallId, staffId, windowId, date, at, fact.Minutes, fact.Settings);
            case AttendanceFactKind.OutingOverran:
                var awayId = Guid.TryParseExact(fact.Key.Replace("away:", "", StringComparison.Ordinal), "N", out var a)
                    ? a : Guid.Empty;
                var outingId = await db.Aways.AsNoTracking().Where(w => w.AwayId == awayId).Select(w => w.OutingId)
                    .FirstOrDefaultAsync(cancellationToken);
                return new OutingOverran(id, at, hallId, staffId, windowId, outingId ?? "", date, fact.Minutes, fact.Settings);
            case AttendanceFactKind.MissingClockOut:
                return new MissingClockOut(id, calendar.At(date, calendar.Options.EndOfWork), hallId, staffId, windowId,
                    date, at);
            default:
                throw new InvalidOperationException($"Unknown attendance fact kind {fact.Kind}.");
        }
    }
}
