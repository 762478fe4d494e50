namespace ServiceHall.Discipline.Domain;

/// <summary>
/// R1.8 "一周累计迟到、早退或脱岗超过二次(含二次)以上的,将给予通报批评,二次以上的,取消年终一切评先评优资格":
/// late arrivals, early leaves and off-post counted together within one week (Mon-Sun):
/// the 2nd (2 or more) → circulated criticism, once per week; the 3rd (more than 2) → loss of all annual award
/// eligibility, once per year. The thresholds are parameters: halls differ.
/// </summary>
public sealed class WeeklyAttendanceRule
{
    public const string Article = "R1.8";

    public string Version { get; init; } = "R1.8/v1";

    /// <summary>The facts counted together.</summary>
    public IReadOnlySet<ViolationKind> CountedKinds { get; init; } =
        new HashSet<ViolationKind> { ViolationKind.Late, ViolationKind.LeftEarly, ViolationKind.OffPost, ViolationKind.InspectionFinding };

    /// <summary>Violations in one week that bring circulated criticism (含二次: 2 counts).</summary>
    public int CriticismThreshold { get; init; } = 2;

    /// <summary>Violations in one week that cost the year's award eligibility (二次以上: more than 2).</summary>
    public int RevocationThreshold { get; init; } = 3;

    /// <summary>
    /// The sanctions due for one staff member's week that are not issued yet. Evidence is the violations, oldest
    /// first, up to the threshold that was crossed. Deciding again with the same facts decides nothing new.
    /// </summary>
    public IReadOnlyList<SanctionDecision> Decide(string staffId, DateOnly weekStart,
        IReadOnlyList<Violation> weekViolations, IReadOnlySet<string> issuedDedupKeys)
    {
        ArgumentNullException.ThrowIfNull(weekViolations);
        ArgumentNullException.ThrowIfNull(issuedDedupKeys);
        var ordered = weekViolations
            .Where(v => v.WeekStart == weekStart && v.StaffId == staffId && CountedKinds.Contains(v.Kind))
            .OrderBy(v => v.OccurredAt).ThenBy(v => v.EventId)
            .ToList();
        var decisions = new List<SanctionDecision>();
        if (ordered.Count >= CriticismThreshold)
        {
            var key = CriticismKey(staffId, weekStart);
            if (!issuedDedupKeys.Contains(key))
            {
                decisions.Add(new SanctionDecision(SanctionKind.CirculatedCriticism, key,
                    Evidence(ordered, CriticismThreshold), weekStart.Year));
            }
        }
        if (ordered.Count >= RevocationThreshold)
        {
            var year = ordered[RevocationThreshold - 1].WorkDate.Year;
            var key = RevocationKey(staffId, year);
            if (!issuedDedupKeys.Contains(key))
            {
                decisions.Add(new SanctionDecision(SanctionKind.AwardEligibilityRevoked, key,
                    Evidence(ordered, RevocationThreshold), year));
            }
        }
        return decisions;
    }

    public static string CriticismKey(string staffId, DateOnly weekStart) =>
        $"{SanctionKind.CirculatedCriticism}:{staffId}:{weekStart:yyyy-MM-dd}";

    public static string RevocationKey(string staffId, int year) =>
        $"{SanctionKind.AwardEligibilityRevoked}:{staffId}:{year}";

    private static List<Guid> Evidence(List<Violation> ordered, int count) =>
        ordered.Take(count).Select(v => v.EventId).ToList();
}
