namespace ServiceHall.Discipline.Domain;

/// <summary>What a fact of the week's business is, for the Monday brief (R1.2).</summary>
public enum BriefFactKind
{
    TicketServed = 1,
    CaseAccepted = 2,
    CaseCompleted = 3,
    CaseOverdue = 4,
    BadReview = 5,
    VerifiedComplaint = 6,
}

/// <summary>
/// One fact of the hall's week as another service announced it, kept for the Monday brief. The window (and so the
/// unit) is resolved when the brief is made: a case is the unit's whose window received its visit.
/// </summary>
public sealed class BriefFact
{
    public Guid EventId { get; init; }

    public BriefFactKind Kind { get; init; }

    /// <summary>Hall date.</summary>
    public DateOnly Day { get; init; }

    public string? WindowId { get; init; }

    /// <summary>The ticket (served), or the case (accepted, completed, overdue), or the review or complaint.</summary>
    public required string RefId { get; init; }

    /// <summary>CaseAccepted: the ticket of the visit, to find its window.</summary>
    public string? TicketId { get; init; }
}

/// <summary>Which unit staffs a window (from attendance).</summary>
public sealed class WindowUnit
{
    public required string WindowId { get; init; }

    public required string UnitId { get; set; }
}

/// <summary>
/// 整改事项: a problem the Monday meeting gave a unit to put right, with an owner and a due date; it is carried into
/// every brief until closed.
/// </summary>
public sealed class RectificationItem
{
    public Guid ItemId { get; init; }

    public required string UnitId { get; init; }

    public required string Title { get; init; }

    public required string Owner { get; init; }

    public DateOnly DueDate { get; init; }

    public DateOnly RaisedOn { get; init; }

    public required string RaisedBy { get; init; }

    public DateOnly? ClosedOn { get; set; }

    public string? ClosingNote { get; set; }
}
