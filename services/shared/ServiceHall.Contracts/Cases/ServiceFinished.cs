namespace ServiceHall.Contracts.Cases;

/// <summary>Serving a ticket finished; the window is idle again unless the next service started.</summary>
public sealed record ServiceFinished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string TicketId,
    string WindowId,
    string StaffId,
    int WaitSeconds,
    int ServiceSeconds) : IIntegrationEvent;
