namespace ServiceHall.Contracts.Cases;

/// <summary>
/// 办结: every unit approved. <c>TicketId</c>: the visit the application came from, if any, so a review of the case
/// is bound to the window that received it.
/// </summary>
public sealed record CaseCompleted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string CaseId,
    string CaseNumber,
    string ItemId,
    string ResponsibleStaffId,
    string? AgentStaffId,
    int ElapsedWorkingMinutes,
    bool Overdue,
    string? TicketId = null) : IIntegrationEvent;
