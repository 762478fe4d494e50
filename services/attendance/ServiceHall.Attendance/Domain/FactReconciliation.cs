namespace ServiceHall.Attendance.Domain;

/// <summary>What judging a day again changed in its stored facts.</summary>
public sealed record FactChanges(
    IReadOnlyList<AttendanceFact> Added, IReadOnlyList<AttendanceFact> Dropped, IReadOnlyList<AttendanceFact> Withdrawn);

/// <summary>
/// Brings a day's stored facts in line with a new judgement: a new fact is added provisional; a provisional fact is
/// updated, or dropped when it no longer holds (it was never published); a final fact that no longer holds, or holds
/// with other minutes, is withdrawn (and a changed one found again, provisional); a voided fact stays voided.
/// </summary>
public static class FactReconciliation
{
    public static FactChanges Reconcile(IReadOnlyList<AttendanceFact> stored, IReadOnlyList<JudgedFact> judged,
        Func<JudgedFact, AttendanceFact> create, DateTimeOffset now, string reason, string settings)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(create);
        var added = new List<AttendanceFact>();
        var dropped = new List<AttendanceFact>();
        var withdrawn = new List<AttendanceFact>();
        var current = stored.Where(f => f.Status != AttendanceFactStatus.Withdrawn)
            .ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var fact in judged)
        {
            if (!current.Remove(fact.Key, out var known))
            {
                added.Add(create(fact));
                continue;
            }
            switch (known.Status)
            {
                case AttendanceFactStatus.Provisional:
                    known.Minutes = fact.Minutes;
                    known.OccurredAt = fact.OccurredAt;
                    known.Settings = settings;
                    break;
                case AttendanceFactStatus.Final when known.Minutes != fact.Minutes || known.OccurredAt != fact.OccurredAt:
                    End(known, AttendanceFactStatus.Withdrawn, now, reason);
                    withdrawn.Add(known);
                    added.Add(create(fact));
                    break;
            }
        }
        foreach (var gone in current.Values)
        {
            if (gone.Status == AttendanceFactStatus.Provisional)
            {
                dropped.Add(gone);
            }
            else if (gone.Status == AttendanceFactStatus.Final)
            {
                End(gone, AttendanceFactStatus.Withdrawn, now, reason);
                withdrawn.Add(gone);
            }
        }
        return new FactChanges(added, dropped, withdrawn);
    }

    private static void End(AttendanceFact fact, AttendanceFactStatus status, DateTimeOffset now, string reason)
    {
        fact.Status = status;
        fact.EndedAt = now;
        fact.EndedBy = "attendance";
        fact.EndedReason = reason;
    }
}
