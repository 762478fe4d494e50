namespace ServiceHall.Discipline.Domain;

/// <summary>A service review as the complaints service announced it, for the award rule (A26).</summary>
public sealed class ReviewFact
{
    public required string ReviewId { get; init; }

    public required string StaffId { get; init; }

    public bool Bad { get; init; }

    public DateOnly Day { get; init; }

    /// <summary>An upheld appeal took it out of every figure.</summary>
    public bool Excluded { get; set; }
}

/// <summary>
/// A26 表彰: a staff member proposed for an award for a period — no violations, no verified complaints, no sanction in
/// force, and a satisfaction rate of at least the threshold over enough reviews. A person confirms it.
/// </summary>
public sealed class AwardProposal
{
    public Guid ProposalId { get; init; }

    public required string StaffId { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public int Reviews { get; init; }

    public double SatisfactionRate { get; init; }

    public DateTimeOffset ProposedAt { get; init; }

    /// <summary>Who asked for the proposals (the token's sub).</summary>
    public string? ProposedBy { get; init; }

    public string? ConfirmedBy { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
}

/// <summary>The award rule (A26), pure.</summary>
public static class AwardRule
{
    /// <summary>Staff who qualify, with their counted reviews and satisfaction rate.</summary>
    public static IReadOnlyList<(string StaffId, int Reviews, double Rate)> Qualifying(
        IEnumerable<ReviewFact> reviews, IReadOnlySet<string> blemished, int minimumReviews, double minimumRate)
    {
        ArgumentNullException.ThrowIfNull(blemished);
        return reviews.Where(r => !r.Excluded).GroupBy(r => r.StaffId)
            .Select(g => (StaffId: g.Key, Reviews: g.Count(), Rate: Math.Round((double)g.Count(r => !r.Bad) / g.Count(), 4)))
            .Where(x => x.Reviews >= minimumReviews && x.Rate >= minimumRate && !blemished.Contains(x.StaffId))
            .OrderBy(x => x.StaffId, StringComparer.Ordinal).ToList();
    }
}
