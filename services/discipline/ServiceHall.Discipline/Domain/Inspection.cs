namespace ServiceHall.Discipline.Domain;

public enum InspectionKind
{
    /// <summary>带班领导 daily patrol.</summary>
    DailyPatrol = 1,

    /// <summary>局领导 scheduled check.</summary>
    Scheduled = 2,

    /// <summary>局领导 unscheduled check (不定期抽查).</summary>
    Unscheduled = 3,
}

/// <summary>What an inspection may find (R1.3 五禁止、十不准, R1.4 posture and dress, R1.5 the counter; and the hall's order).</summary>
public enum FindingCategory
{
    Games = 1,
    Music = 2,
    Stocks = 3,
    OnlineChat = 4,

    /// <summary>Video or web pages unrelated to work on office computers.</summary>
    UnrelatedVideoOrWeb = 5,

    LoudNoise = 6,

    /// <summary>串岗.</summary>
    WanderingPosts = 7,

    PhoneUse = 8,

    PostureAndDress = 9,

    /// <summary>Novels, magazines, cosmetics, snacks on the counter.</summary>
    ItemsOnCounter = 10,

    Other = 11,

    /// <summary>脱岗: found away from the window without approval (R1.8 counts it).</summary>
    OffPost = 12,

    /// <summary>迟到 witnessed by the patrol (R1.8 counts it).</summary>
    LateArrival = 13,

    /// <summary>早退 witnessed by the patrol (R1.8 counts it).</summary>
    EarlyLeave = 14,
}

/// <summary>巡查: a patrol or check, by a duty leader or bureau leader, with its findings.</summary>
public sealed class Inspection
{
    public required string InspectionId { get; init; }

    public InspectionKind Kind { get; init; }

    public required string InspectorId { get; init; }

    public DateTimeOffset InspectedAt { get; init; }

    public DateOnly Day { get; init; }

    public string? Notes { get; init; }
}

/// <summary>One finding of an inspection, about a staff member and/or a window.</summary>
public sealed class InspectionFinding
{
    public Guid FindingId { get; init; }

    public required string InspectionId { get; init; }

    public FindingCategory Category { get; init; }

    public string? StaffId { get; init; }

    public string? WindowId { get; init; }

    public string? Note { get; init; }
}
