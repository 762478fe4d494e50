namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// 迟到 (R1.1): the first clock-in of an owed session came after its start plus grace. Published once the day is closed
/// (final); <see cref="EventId"/> is the fact's id, which a later <see cref="AttendanceFactWithdrawn"/> names.
/// <c>Session</c>: The session it was late for: <c>Morning</c> or <c>Afternoon</c>.
/// <c>JudgedBy</c>: The settings that judged it (grace, session hours, cut-offs, off-post threshold).
/// </summary>
public sealed record StaffLate(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate,
    int MinutesLate,
    string Session = "",
    string JudgedBy = "") : IIntegrationEvent;
