namespace ServiceHall.Discipline.Domain;

/// <summary>
/// The source withdrew a fact (attendance's <c>AttendanceFactWithdrawn</c>). Kept by the fact's event id even when the
/// fact itself has not arrived yet (events may be redelivered out of order): a fact arriving after its withdrawal is
/// recorded as withdrawn and counts for nothing.
/// </summary>
public sealed class FactWithdrawal
{
    public Guid FactEventId { get; init; }

    public required string StaffId { get; init; }

    public DateTimeOffset WithdrawnAt { get; init; }

    public required string Reason { get; init; }
}
