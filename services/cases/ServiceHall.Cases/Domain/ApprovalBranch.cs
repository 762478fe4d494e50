namespace ServiceHall.Cases.Domain;

public enum BranchStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// 并联审批: one unit's part of a case, with its own clock so it is plain who used the time. A rejected branch sent
/// back for rework is pending again; the other units' decisions stand.
/// </summary>
public sealed class ApprovalBranch
{
    public required string CaseId { get; init; }

    public required string UnitId { get; init; }

    public BranchStatus Status { get; set; }

    /// <summary>The reason of the last decision or rework.</summary>
    public string? Reason { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public int Reworks { get; set; }

    /// <summary>Who last sent this unit's part back for rework (the token's sub).</summary>
    public string? ReworkBy { get; set; }

    public StoredClock Clock { get; set; } = StoredClock.NotStarted;

    public DateTimeOffset? DueAt { get; set; }
}
