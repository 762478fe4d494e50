namespace ServiceHall.Contracts.Cases;

/// <summary>
/// 转办: a ticket was sent from one window to another (the reason stays on the ticket). The first window is free again;
/// the responsible contact (首问负责) does not change.
/// </summary>
public sealed record TicketTransferred(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string TicketId,
    string FromWindowId,
    string ToWindowId,
    string StaffId) : IIntegrationEvent;
