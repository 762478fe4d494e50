namespace ServiceHall.Discipline.Domain;

/// <summary>
/// 纪律档案: one row per staff member whose facts discipline has seen. Every recorded fact bumps its revision, so two
/// facts of the same staff member evaluated at once cannot both miss each other: the second writer's revision check
/// fails and it is retried with the first one's fact in view (otherwise two concurrent lates could each count one
/// violation and the week's criticism would never be issued).
/// </summary>
public sealed class StaffFile
{
    public required string StaffId { get; init; }

    public long Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
