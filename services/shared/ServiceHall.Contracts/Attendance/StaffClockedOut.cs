namespace ServiceHall.Contracts.Attendance;

/// <summary>A staff member clocked out (下班打卡).</summary>
public sealed record StaffClockedOut(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate) : IIntegrationEvent;
