namespace ServiceHall.Contracts.Discipline;

/// <summary>An upheld appeal revoked a sanction; when it was the loss of award eligibility, eligibility is back.</summary>
public sealed record SanctionRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    Guid SanctionId,
    string StaffId,
    string Kind,
    string RuleVersion) : IIntegrationEvent;
