using System.Globalization;
using System.Text;

namespace ServiceHall.Discipline.Domain;

/// <summary>One unit's part of the Monday brief.</summary>
public sealed record UnitBrief(
    string UnitId, int TicketsServed, int CasesAccepted, int CasesCompleted, int CasesOverdue, int VerifiedComplaints,
    int BadReviews, IReadOnlyDictionary<ViolationKind, int> Violations, int InspectionFindings,
    IReadOnlyList<RectificationItem> OpenItems);

/// <summary>
/// R1.2 每周一早会: per unit, last week's business (tickets served, cases accepted, completed, overdue), its problems
/// (verified complaints, bad reviews, violations, inspection findings) and the rectification items still open — carried
/// forward until closed. Pure: the caller loads the week's facts.
/// </summary>
public static class MondayBrief
{
    public const string Unassigned = "(unassigned)";

    public static IReadOnlyList<UnitBrief> Build(DateOnly weekStart, IReadOnlyDictionary<string, string> unitOfWindow,
        IEnumerable<BriefFact> facts, IEnumerable<Violation> violations, IEnumerable<RectificationItem> items)
    {
        ArgumentNullException.ThrowIfNull(unitOfWindow);
        var weekEnd = weekStart.AddDays(6);
        var all = facts.ToList();
        var ticketWindow = all.Where(f => f.Kind == BriefFactKind.TicketServed && f.WindowId is not null)
            .GroupBy(f => f.RefId).ToDictionary(g => g.Key, g => g.First().WindowId!, StringComparer.Ordinal);
        var caseTicket = all.Where(f => f.Kind == BriefFactKind.CaseAccepted && f.TicketId is not null)
            .GroupBy(f => f.RefId).ToDictionary(g => g.Key, g => g.First().TicketId!, StringComparer.Ordinal);
        string UnitOf(string? windowId) =>
            windowId is not null && unitOfWindow.TryGetValue(windowId, out var unit) ? unit : Unassigned;
        string UnitOfFact(BriefFact f) => f.Kind switch
        {
            BriefFactKind.CaseAccepted => UnitOf(f.TicketId is { } t ? ticketWindow.GetValueOrDefault(t) : null),
            BriefFactKind.CaseCompleted or BriefFactKind.CaseOverdue => UnitOf(
                caseTicket.TryGetValue(f.RefId, out var ticket) ? ticketWindow.GetValueOrDefault(ticket) : null),
            _ => UnitOf(f.WindowId),
        };
        var week = all.Where(f => f.Day >= weekStart && f.Day <= weekEnd).ToLookup(UnitOfFact);
        var weekViolations = violations.Where(v => v.WorkDate >= weekStart && v.WorkDate <= weekEnd)
            .ToLookup(v => UnitOf(v.WindowId));
        var open = items.Where(i => i.RaisedOn <= weekEnd.AddDays(1) && (i.ClosedOn is null || i.ClosedOn > weekEnd))
            .ToLookup(i => i.UnitId);
        var units = week.Select(g => g.Key).Union(weekViolations.Select(g => g.Key)).Union(open.Select(g => g.Key))
            .Union(unitOfWindow.Values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return units.Select(unit =>
        {
            var f = week[unit].ToList();
            int Count(BriefFactKind kind) => f.Count(x => x.Kind == kind);
            var v = weekViolations[unit].ToList();
            return new UnitBrief(unit, Count(BriefFactKind.TicketServed), Count(BriefFactKind.CaseAccepted),
                Count(BriefFactKind.CaseCompleted), Count(BriefFactKind.CaseOverdue),
                Count(BriefFactKind.VerifiedComplaint), Count(BriefFactKind.BadReview),
                v.Where(x => x.Kind != ViolationKind.InspectionFinding && x.Kind != ViolationKind.VerifiedComplaint)
                    .GroupBy(x => x.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
                v.Count(x => x.Kind == ViolationKind.InspectionFinding),
                open[unit].OrderBy(i => i.DueDate).ThenBy(i => i.Title, StringComparer.Ordinal).ToList());
        }).ToList();
    }

    /// <summary>
    /// The brief as a printable Markdown document: units and owners by name (with the id), as the registry named them.
    /// </summary>
    public static string Markdown(DateOnly weekStart, IReadOnlyList<UnitBrief> units, DateOnly meetingDay,
        IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(names);
        string Named(string id) => names.TryGetValue(id, out var name) ? $"{name}（{id}）" : id;
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# 窗口工作人员周一早会通报 {meetingDay:yyyy-MM-dd}\n\n");
        md.Append(c, $"上周：{weekStart:yyyy-MM-dd} 至 {weekStart.AddDays(6):yyyy-MM-dd}\n");
        foreach (var u in units)
        {
            md.Append(c, $"\n## {Named(u.UnitId)}\n\n");
            md.Append("| 业务 | 数量 |\n|---|---|\n");
            md.Append(c, $"| 服务人次 | {u.TicketsServed} |\n| 受理 | {u.CasesAccepted} |\n| 办结 | {u.CasesCompleted} |\n| 超期 | {u.CasesOverdue} |\n");
            md.Append("\n**存在问题**\n\n");
            md.Append(c, $"- 投诉属实：{u.VerifiedComplaints}\n- 差评：{u.BadReviews}\n- 巡查发现：{u.InspectionFindings}\n");
            foreach (var (kind, count) in u.Violations)
                md.Append(c, $"- {Name(kind)}：{count}\n");
            md.Append("\n**整改事项**\n\n");
            if (u.OpenItems.Count == 0)
                md.Append("- 无\n");
            foreach (var item in u.OpenItems)
                md.Append(c, $"- [ ] {item.Title}（责任人：{Named(item.Owner)}，期限：{item.DueDate:yyyy-MM-dd}，提出：{item.RaisedOn:yyyy-MM-dd}）\n");
        }
        return md.ToString();
    }

    private static string Name(ViolationKind kind) => kind switch
    {
        ViolationKind.Late => "迟到",
        ViolationKind.LeftEarly => "早退",
        ViolationKind.OffPost => "脱岗",
        ViolationKind.Absent => "缺岗",
        ViolationKind.OneTimeNoticeViolation => "未一次性告知",
        ViolationKind.CaseOverdue => "办件超期",
        _ => kind.ToString(),
    };
}
