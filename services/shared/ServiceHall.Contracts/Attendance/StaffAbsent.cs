namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// 缺岗/旷工: a staff member rostered for a workday had not clocked in by the absence cut-off (R1.1, R1.7).
/// </summary>
public sealed record StaffAbsent(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    DateOnly WorkDate) : IIntegrationEvent;
