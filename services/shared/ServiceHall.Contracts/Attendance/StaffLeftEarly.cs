namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// 早退 (R1.1): the day's last clock-out came before the end of the last owed session attended; judged when the day
/// closed, final. <see cref="EventId"/> is the fact's id.
/// <c>JudgedBy</c>: The settings that judged it (grace, session hours, cut-offs, off-post threshold).
/// </summary>
public sealed record StaffLeftEarly(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate,
    int MinutesEarly,
    string JudgedBy = "") : IIntegrationEvent;
