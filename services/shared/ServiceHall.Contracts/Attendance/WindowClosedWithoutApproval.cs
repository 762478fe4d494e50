namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A16 "不得私自关闭窗口": a window was closed during service hours without an approved closure. The reason given
/// stays in the attendance service (free text); the event carries ids only.
/// </summary>
public sealed record WindowClosedWithoutApproval(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string WindowId,
    string ClosedBy) : IIntegrationEvent;
