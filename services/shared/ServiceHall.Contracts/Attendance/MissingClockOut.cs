namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A closed day ended with a clock-in and no clock-out after it: for the duty leader to resolve (a correction adds the
/// clock-out). Not a violation; the person is not on post the next day. <see cref="EventId"/> is the fact's id.
/// </summary>
public sealed record MissingClockOut(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string StaffId,
    string WindowId,
    DateOnly WorkDate,
    DateTimeOffset LastClockInAt) : IIntegrationEvent;
