namespace ServiceHall.Contracts.Cases;

/// <summary>A staff member started serving a ticket at a window; the live wall shows the window as serving.</summary>
public sealed record ServiceStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string TicketId,
    string WindowId,
    string StaffId) : IIntegrationEvent;
