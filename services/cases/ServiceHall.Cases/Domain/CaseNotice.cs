namespace ServiceHall.Cases.Domain;

/// <summary>
/// 一次性告知书: a notice of the materials an applicant must still hand in. The first lists every missing material;
/// a later one is held to <see cref="OneTimeNoticeRule"/> and, when it breaks it, names who overrode it and why.
/// </summary>
public sealed class CaseNotice
{
    public required string CaseId { get; init; }

    /// <summary>1 for the first notice.</summary>
    public int Sequence { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public required string IssuedBy { get; init; }

    public IReadOnlyList<string> MaterialIds { get; init; } = [];

    public string? Reason { get; init; }

    /// <summary>Set when this notice asked again for materials required at the first check (the violation).</summary>
    public string? OverrideReason { get; init; }

    public IReadOnlyList<string> Violations { get; init; } = [];

    /// <summary>The notice as printed for the applicant, its time in hall time.</summary>
    public string Text(string caseLabel, string itemName, IReadOnlyDictionary<string, string> materialNames,
        string hallName, TimeZoneInfo hallZone)
    {
        ArgumentNullException.ThrowIfNull(materialNames);
        var issued = TimeZoneInfo.ConvertTime(IssuedAt, hallZone);
        var lines = new List<string>
        {
            "一次性告知书",
            "",
            $"办件：{caseLabel}    事项：{itemName}",
            $"告知时间：{issued:yyyy-MM-dd HH:mm}    第 {Sequence} 次告知",
            "",
            "您申请的事项材料尚不齐全，请补齐以下材料后再次提交：",
        };
        lines.AddRange(MaterialIds.Select((id, i) => $"  {i + 1}. {materialNames.GetValueOrDefault(id, id)}"));
        if (Reason is { Length: > 0 })
            lines.Add($"说明：{Reason}");
        lines.Add("");
        lines.Add("以上为需补正的全部内容（《行政许可法》第三十二条：申请材料不齐全的，应当一次告知申请人需要补正的全部内容）。");
        lines.Add(hallName);
        return string.Join('\n', lines);
    }
}
