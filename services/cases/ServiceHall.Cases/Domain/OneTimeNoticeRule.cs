namespace ServiceHall.Cases.Domain;

/// <summary>What the first check of an application decides.</summary>
public sealed record FirstCheck(bool Complete, IReadOnlyList<string> Missing);

/// <summary>What a later notice may ask for.</summary>
public sealed record LaterNoticeCheck(IReadOnlyList<string> Violations)
{
    public bool Allowed => Violations.Count == 0;
}

/// <summary>
/// 一次性告知 (R1.3b(一), Administrative Licensing Law art. 32): an incomplete application gets ONE notice listing every
/// missing material at once. A later notice may repeat a material already asked for (handed in but still not right) or
/// ask for one that the item did not require at the first check (a new circumstance); asking for a material the item
/// required at the first check but the first notice did not name is the violation — the citizen should have been told
/// the first time.
/// </summary>
public static class OneTimeNoticeRule
{
    public static FirstCheck Check(IEnumerable<Material> required, IEnumerable<string> submitted)
    {
        ArgumentNullException.ThrowIfNull(required);
        var handedIn = submitted.ToHashSet(StringComparer.Ordinal);
        var missing = required.Select(m => m.MaterialId).Where(id => !handedIn.Contains(id)).ToList();
        return new FirstCheck(missing.Count == 0, missing);
    }

    public static LaterNoticeCheck CheckLater(IEnumerable<string> requiredAtFirstCheck, IEnumerable<string> alreadyNotified,
        IEnumerable<string> askedNow)
    {
        var required = requiredAtFirstCheck.ToHashSet(StringComparer.Ordinal);
        var notified = alreadyNotified.ToHashSet(StringComparer.Ordinal);
        return new LaterNoticeCheck(askedNow.Distinct(StringComparer.Ordinal)
            .Where(id => required.Contains(id) && !notified.Contains(id)).ToList());
    }
}
