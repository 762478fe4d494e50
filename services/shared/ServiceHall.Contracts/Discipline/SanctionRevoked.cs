namespace ServiceHall.Contracts.Discipline;

/// <summary>
/// A sanction was revoked — an upheld appeal, or a fact it rested on was withdrawn and its rule's threshold is no longer
/// met; when it was the loss of award eligibility, eligibility is back. <c>Reason</c> says which, in the system's words.
/// </summary>
public sealed record SanctionRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    Guid SanctionId,
    string StaffId,
    string Kind,
    string RuleVersion,
    string Reason = "") : IIntegrationEvent;
