namespace ServiceHall.Contracts.Discipline;

/// <summary>A26 表彰: an award proposal for a period was confirmed by a person.</summary>
public sealed record AwardGranted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    DateOnly From,
    DateOnly To,
    Guid ProposalId) : IIntegrationEvent;
