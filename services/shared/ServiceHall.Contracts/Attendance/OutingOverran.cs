namespace ServiceHall.Contracts.Attendance;

/// <summary>An approved outing (外出) lasted longer than approved: the staff member was not back in time.</summary>
public sealed record OutingOverran(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    string OutingId,
    DateOnly WorkDate,
    int MinutesOver,
    string JudgedBy = "") : IIntegrationEvent;
