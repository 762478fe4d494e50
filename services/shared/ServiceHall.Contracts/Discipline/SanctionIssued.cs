namespace ServiceHall.Contracts.Discipline;

/// <summary>A sanction was issued by a rule of the rulebook; it cites the rule version and its evidence events.</summary>
public sealed record SanctionIssued(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    Guid SanctionId,
    string StaffId,
    string Kind,
    string RuleVersion,
    DateOnly WeekStart,
    IReadOnlyList<Guid> EvidenceEventIds) : IIntegrationEvent;
