namespace ServiceHall.Contracts.Complaints;

/// <summary>
/// 投诉属实: a complaint was verified against a staff member and/or window, in a category, for discipline to act on.
/// No complainant data.
/// </summary>
public sealed record ComplaintVerified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ComplaintId,
    string? StaffId,
    string? WindowId,
    string? CaseId,
    string Category) : IIntegrationEvent;
