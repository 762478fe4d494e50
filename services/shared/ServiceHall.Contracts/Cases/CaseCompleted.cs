namespace ServiceHall.Contracts.Cases;

/// <summary>办结: every unit approved.</summary>
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
    bool Overdue) : IIntegrationEvent;
