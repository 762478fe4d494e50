namespace ServiceHall.Contracts.Attendance;

/// <summary>早退: a clock-out on a workday before the end of work (R1.1).</summary>
public sealed record StaffLeftEarly(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    Guid RecordId,
    DateOnly WorkDate,
    int MinutesEarly) : IIntegrationEvent;
