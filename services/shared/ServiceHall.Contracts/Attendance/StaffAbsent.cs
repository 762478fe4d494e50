namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// 缺岗 (R1.1): an owed session had no clock-in by its cut-off and no approved leave. Final; <see cref="EventId"/> is the
/// fact's id.
/// <c>Session</c>: The session missed: <c>Morning</c> or <c>Afternoon</c>.
/// <c>JudgedBy</c>: The settings that judged it (grace, session hours, cut-offs, off-post threshold).
/// </summary>
public sealed record StaffAbsent(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    DateOnly WorkDate,
    string Session = "",
    string JudgedBy = "") : IIntegrationEvent;
