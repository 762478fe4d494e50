namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// 脱岗 (R1.7, R1.8): time away from the window without an approved outing, counted inside owed working time only,
/// longer than the threshold. Final; <see cref="EventId"/> is the fact's id.
/// <c>JudgedBy</c>: The settings that judged it (grace, session hours, cut-offs, off-post threshold).
/// </summary>
public sealed record StaffOffPost(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    DateOnly WorkDate,
    DateTimeOffset LeftAt,
    int MinutesAway,
    string JudgedBy = "") : IIntegrationEvent;
