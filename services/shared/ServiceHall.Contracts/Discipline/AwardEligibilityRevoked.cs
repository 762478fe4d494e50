namespace ServiceHall.Contracts.Discipline;

/// <summary>取消年终评先评优资格: the staff member lost all award eligibility for the year (R1.8).</summary>
public sealed record AwardEligibilityRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    int Year,
    Guid SanctionId) : IIntegrationEvent;
