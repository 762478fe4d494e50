namespace ServiceHall.Contracts.Cases;

/// <summary>A window called a ticket (叫号). Ids only: a ticket carries no personal data.</summary>
public sealed record TicketCalled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string TicketId,
    string TicketNumber,
    string ItemId,
    string WindowId,
    string StaffId) : IIntegrationEvent;
