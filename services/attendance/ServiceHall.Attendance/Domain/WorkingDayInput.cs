namespace ServiceHall.Attendance.Domain;

/// <summary>A punch of the day as the rule sees it.</summary>
public sealed record DayPunch(PunchKind Kind, DateTimeOffset At);

/// <summary>A span of time, e.g. approved leave.</summary>
public sealed record DaySpan(DateTimeOffset Start, DateTimeOffset End);

/// <summary>A time away from the window recorded with LeavePost / ReturnToPost; under an approved outing or not.</summary>
public sealed record DayAway(Guid AwayId, DateTimeOffset LeftAt, DateTimeOffset? ReturnedAt, int? ApprovedOutingMinutes);

/// <summary>
/// Everything a person's day is judged from: the sessions they owe, their punches, approved leave and times away, the
/// moment of judging and whether the day is closed (only a closed day judges early leave and a forgotten clock-out).
/// </summary>
public sealed record WorkingDayInput(
    DateOnly Date,
    IReadOnlySet<DaySession> Owed,
    IReadOnlyList<DayPunch> Punches,
    IReadOnlyList<DaySpan> ApprovedLeave,
    IReadOnlyList<DayAway> Aways,
    DateTimeOffset AsOf,
    bool Closed);

/// <summary>
/// One fact found about a day. <see cref="Key"/> names it within the day (e.g. <c>late:Morning</c>), so judging the
/// same day again finds the same fact.
/// </summary>
public sealed record JudgedFact(string Key, AttendanceFactKind Kind, DaySession Session, DateTimeOffset OccurredAt, int Minutes);
