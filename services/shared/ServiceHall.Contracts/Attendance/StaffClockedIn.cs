namespace ServiceHall.Contracts.Attendance;

/// <summary>A staff member clocked in (上班打卡). <paramref name="WorkDate"/> is the hall-time workday.</summary>
public sealed record StaffClockedIn(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate) : IIntegrationEvent;
