namespace ServiceHall.Contracts.Complaints;

/// <summary>An appeal against a rating was upheld: the review counts in no figure and no rule.</summary>
public sealed record ReviewExcluded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ReviewId,
    string StaffId) : IIntegrationEvent;
