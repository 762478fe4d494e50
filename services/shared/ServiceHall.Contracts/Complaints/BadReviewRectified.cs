namespace ServiceHall.Contracts.Complaints;

/// <summary>差评整改 closed: verified, rectified or explained, and whether it was on time.</summary>
public sealed record BadReviewRectified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ReviewId,
    string StaffId,
    string Action,
    bool OnTime) : IIntegrationEvent;
