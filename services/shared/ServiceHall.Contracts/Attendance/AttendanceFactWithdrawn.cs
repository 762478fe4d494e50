namespace ServiceHall.Contracts.Attendance;

/// <summary>
/// A final attendance fact no longer holds — a correction was approved, leave was approved afterwards (R1.7 因病请假 is
/// often filed after the day), a punch arrived late — and is withdrawn: whatever counted it counts it no more.
/// <c>FactEventId</c>: The id of the event that published the fact (StaffLate, StaffLeftEarly, StaffAbsent, StaffOffPost…).
/// <c>Kind</c>: Late, LeftEarly, Absent, OffPost, OutingOverran or MissingClockOut.
/// <c>Reason</c>: Why, in the system's words (never a person's free text).
/// </summary>
public sealed record AttendanceFactWithdrawn(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    Guid FactEventId,
    string StaffId,
    DateOnly WorkDate,
    string Kind,
    string Reason) : IIntegrationEvent;
