namespace ServiceHall.Cases.Domain;

/// <summary>A material an applicant hands in (申请材料), by a stable id within its item.</summary>
public sealed record Material(string MaterialId, string Name, bool OriginalRequired = false, int Copies = 1);

/// <summary>
/// One version of a service item (办理事项) with its nine disclosures (九公开, R1.3b(三)): approving unit, content,
/// procedure, legal basis, materials, committed and statutory time limits, result form, fee basis and fee standard.
/// Versions are never changed once published; a case keeps the version it was received under.
/// </summary>
public sealed class ServiceItemVersion
{
    public required string ItemId { get; init; }

    public int Version { get; init; }

    public required string Name { get; init; }

    /// <summary>审批单位: the unit that decides.</summary>
    public required string ApprovingUnitId { get; init; }

    /// <summary>Further units that approve in parallel (并联审批); empty for a single-unit item.</summary>
    public IReadOnlyList<string> ParallelUnitIds { get; init; } = [];

    /// <summary>办理内容.</summary>
    public required string Content { get; init; }

    /// <summary>办理程序, in order.</summary>
    public IReadOnlyList<string> ProcedureSteps { get; init; } = [];

    /// <summary>办理依据.</summary>
    public required string LegalBasis { get; init; }

    /// <summary>申请材料.</summary>
    public IReadOnlyList<Material> Materials { get; init; } = [];

    /// <summary>承诺时限 in working days (一周办结: 5 by default).</summary>
    public int CommittedDays { get; init; } = 5;

    /// <summary>R1.3b(四) 一周办结: the working days "one week" is; a longer committed limit is flagged and needs its reason.</summary>
    public const int OneWeekWorkingDays = 5;

    /// <summary>Why the committed limit is longer than one week (R1.3b(四)); null when it is not.</summary>
    public string? BeyondOneWeekReason { get; init; }

    /// <summary>The committed limit is longer than the one week R1.3b(四) asks for.</summary>
    public bool BeyondOneWeek => CommittedDays > OneWeekWorkingDays;

    /// <summary>法定时限 in working days; never shorter than the committed limit.</summary>
    public int StatutoryDays { get; init; } = 20;

    /// <summary>办理结果 (e.g. 营业执照).</summary>
    public required string ResultForm { get; init; }

    /// <summary>收费依据; empty when free.</summary>
    public string FeeBasis { get; init; } = "";

    /// <summary>收费标准; empty when free.</summary>
    public string FeeStandard { get; init; } = "";

    public required string PublishedBy { get; init; }

    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>The disclosures that are missing or inconsistent; a version with any is not published.</summary>
    public IReadOnlyList<(string Field, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Materials.Count == 0)
            problems.Add(("materials", "at least one material must be listed"));
        if (Materials.Select(m => m.MaterialId).Distinct(StringComparer.Ordinal).Count() != Materials.Count)
            problems.Add(("materials", "material ids must be unique"));
        if (ProcedureSteps.Count == 0)
            problems.Add(("procedure_steps", "at least one step must be listed"));
        if (CommittedDays is < 1 or > 365)
            problems.Add(("committed_days", "must be 1 to 365 working days"));
        if (!BeyondOneWeek && !string.IsNullOrEmpty(BeyondOneWeekReason))
        {
            problems.Add(("beyond_one_week_reason", $"only for a committed limit of more than {OneWeekWorkingDays} working days"));
        }
        if (StatutoryDays < CommittedDays)
            problems.Add(("statutory_days", "must not be shorter than the committed limit"));
        else if (StatutoryDays > 365)
            problems.Add(("statutory_days", "must be at most 365 working days")); // a clock is counted day by day
        if (FeeStandard.Length > 0 && FeeBasis.Length == 0)
            problems.Add(("fee_basis", "a fee needs its legal basis"));
        if (ParallelUnitIds.Contains(ApprovingUnitId, StringComparer.Ordinal))
            problems.Add(("parallel_unit_ids", "must not repeat the approving unit"));
        return problems;
    }
}
