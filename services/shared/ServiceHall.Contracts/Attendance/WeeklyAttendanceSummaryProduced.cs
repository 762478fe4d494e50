namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// R1.6: the week's attendance summary was produced for the office on Friday afternoon (the full summary and its CSV
/// are read with GetWeeklyAttendanceSummary). Totals for the hall; no names.
/// </summary>
public sealed record WeeklyAttendanceSummaryProduced(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    DateOnly WeekStart,
    int StaffCount,
    int Late,
    int LeftEarly,
    int OffPost,
    int OutingsOverran,
    int Absent,
    int Leaves) : IIntegrationEvent;
