namespace ServiceHall.Contracts.Attendance;

/// <summary>请假 approved by the duty leader, with the substitute (替岗) who stands in.</summary>
public sealed record LeaveApproved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string LeaveId,
    string StaffId,
    string SubstituteStaffId,
    string Kind,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt) : IIntegrationEvent;
