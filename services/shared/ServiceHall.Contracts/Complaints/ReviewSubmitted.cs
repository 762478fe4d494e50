namespace ServiceHall.Contracts.Complaints;

/// <summary>好差评: a review of a ticket or case, Grade 1 (very satisfied) to 5 (very dissatisfied); Bad for 4 and 5.</summary>
public sealed record ReviewSubmitted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ReviewId,
    string? TicketId,
    string? CaseId,
    string? WindowId,
    string StaffId,
    int Grade,
    bool Bad) : IIntegrationEvent;
