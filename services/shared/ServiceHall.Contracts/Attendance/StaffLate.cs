namespace ServiceHall.Contracts.Attendance;

/// <summary>迟到: the first clock-in of a workday came after the start of work plus grace (R1.1).</summary>
public sealed record StaffLate(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate,
    int MinutesLate) : IIntegrationEvent;
