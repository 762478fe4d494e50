namespace ServiceHall.Contracts.Complaints;

/// <summary>A complaint was answered to the complainant; Verified is the finding.</summary>
public sealed record ComplaintResolved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string ComplaintId,
    string? StaffId,
    string Category,
    bool Verified,
    int WorkingMinutesToResolve,
    bool Overdue) : IIntegrationEvent;
