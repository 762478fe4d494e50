using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Tests;

/// <summary>Keeping a day's facts in line with its judgement, and who owes which sessions.</summary>
public sealed class AttendanceFactTests
{
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 4, 0, 0, TimeSpan.Zero);

    private static AttendanceFact Stored(string key, AttendanceFactStatus status, int minutes = 10) => new()
    {
        FactId = Guid.NewGuid(), StaffId = "s", WindowId = "w", WorkDate = Monday, Key = key,
        Kind = AttendanceFactKind.Late, OccurredAt = Now, Minutes = minutes, Settings = "old", Status = status,
    };

    private static JudgedFact Judged(string key, int minutes = 10) =>
        new(key, AttendanceFactKind.Late, DaySession.Morning, Now, minutes);

    private static FactChanges Reconcile(AttendanceFact[] stored, JudgedFact[] judged) =>
        FactReconciliation.Reconcile(stored, judged, j => Stored(j.Key, AttendanceFactStatus.Provisional, j.Minutes),
            Now, "a punch was received", "new");

    [Fact]
    public void A_new_fact_is_added_provisional_and_a_known_one_is_kept()
    {
        var known = Stored("late:Morning", AttendanceFactStatus.Final);
        var changes = Reconcile([known], [Judged("late:Morning"), Judged("late:Afternoon")]);

        Assert.Equal("late:Afternoon", Assert.Single(changes.Added).Key);
        Assert.Equal(AttendanceFactStatus.Provisional, changes.Added[0].Status);
        Assert.Empty(changes.Withdrawn);
        Assert.Equal(AttendanceFactStatus.Final, known.Status);
    }

    [Fact]
    public void A_provisional_fact_follows_the_judgement_and_is_dropped_when_it_no_longer_holds()
    {
        var provisional = Stored("late:Morning", AttendanceFactStatus.Provisional, minutes: 30);
        var gone = Stored("absent:Afternoon", AttendanceFactStatus.Provisional);
        var changes = Reconcile([provisional, gone], [Judged("late:Morning", minutes: 12)]);

        Assert.Equal((12, "new"), (provisional.Minutes, provisional.Settings));
        Assert.Same(gone, Assert.Single(changes.Dropped));
        Assert.Empty(changes.Withdrawn);
    }

    [Fact]
    public void A_final_fact_that_no_longer_holds_is_withdrawn_with_the_reason_once()
    {
        var final = Stored("late:Morning", AttendanceFactStatus.Final);
        var changes = Reconcile([final], []);

        Assert.Same(final, Assert.Single(changes.Withdrawn));
        Assert.Equal((AttendanceFactStatus.Withdrawn, "a punch was received"), (final.Status, final.EndedReason));
        Assert.Empty(Reconcile([final], []).Withdrawn);
    }

    [Fact]
    public void A_final_fact_with_other_minutes_is_withdrawn_and_found_again_provisional()
    {
        var final = Stored("late:Morning", AttendanceFactStatus.Final, minutes: 30);
        var changes = Reconcile([final], [Judged("late:Morning", minutes: 5)]);

        Assert.Same(final, Assert.Single(changes.Withdrawn));
        Assert.Equal(5, Assert.Single(changes.Added).Minutes);
    }

    [Fact]
    public void A_voided_fact_stays_voided_and_is_not_found_again()
    {
        var voided = Stored("late:Morning", AttendanceFactStatus.Voided);
        var changes = Reconcile([voided], [Judged("late:Morning")]);

        Assert.Empty(changes.Added);
        Assert.Empty(changes.Withdrawn);
        Assert.Equal(AttendanceFactStatus.Voided, voided.Status);
    }

    private static StaffMember Staff(string window = "w-1") =>
        new() { StaffId = "anna", DisplayName = "Anna", UnitId = "u", WindowId = window };

    private static RosterEntry Entry(int day, Shift shift) =>
        new() { WindowId = "w-1", StaffId = "anna", Date = new DateOnly(2026, 11, day), Shift = shift };

    [Fact]
    public void The_roster_says_which_sessions_are_owed()
    {
        Assert.Equal([DaySession.Morning, DaySession.Afternoon],
            OwedSessions.Of(Staff(), Monday, [Entry(23, Shift.FullDay)], true).Order());
        Assert.Equal([DaySession.Morning], OwedSessions.Of(Staff(), Monday, [Entry(23, Shift.Morning)], true));
        Assert.Equal([DaySession.Afternoon], OwedSessions.Of(Staff(), Monday, [Entry(23, Shift.Afternoon)], true));
        // Rostered that week, not that day: a day off of the rotation.
        Assert.Empty(OwedSessions.Of(Staff(), Monday, [Entry(24, Shift.FullDay)], true));
    }

    [Fact]
    public void Without_a_roster_that_week_a_window_staff_member_owes_the_full_day_unless_the_hall_turns_it_off()
    {
        Assert.Equal(2, OwedSessions.Of(Staff(), Monday, [], unrosteredOweFullDay: true).Count);
        Assert.Empty(OwedSessions.Of(Staff(), Monday, [], unrosteredOweFullDay: false));
        Assert.Empty(OwedSessions.Of(Staff(window: ""), Monday, [], unrosteredOweFullDay: true));
    }
}
