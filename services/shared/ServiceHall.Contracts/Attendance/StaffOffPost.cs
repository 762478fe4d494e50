namespace ServiceHall.Contracts.Attendance;

/// <summary>脱岗: a staff member left the window without an approved outing for longer than allowed (R1.7, R1.8).</summary>
public sealed record StaffOffPost(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    DateOnly WorkDate,
    DateTimeOffset LeftAt,
    int MinutesAway) : IIntegrationEvent;
