using ServiceHall.Calendar;

namespace ServiceHall.Complaints.Domain;

public enum FigureScope
{
    Window = 1,
    Staff = 2,
    Unit = 3,
}

/// <summary>A category's complaints: received, verified, unfounded.</summary>
public sealed record CategoryCount(ComplaintCategory Category, int Received, int Verified, int Unfounded);

/// <summary>A9: one window's, staff member's or unit's figures over a period.</summary>
public sealed record SubjectFigures(
    string SubjectId, int Reviews, int Satisfied, double SatisfactionRate, int BadReviews, int BadReviewsRectified,
    double RectificationRate, int ExcludedReviews, int Complaints, IReadOnlyList<CategoryCount> ByCategory,
    int AverageResolveMinutes);

/// <summary>
/// A9 quality figures: satisfaction = satisfied grades (the top three) / reviews; rectification rate = bad reviews
/// closed / bad reviews; reviews excluded by an upheld appeal count in neither. Complaints by category and outcome, and
/// the average working time from receipt to resolution. Pure: the caller loads the period's reviews and complaints.
/// </summary>
public static class QualityFigureCalculator
{
    public static IReadOnlyList<SubjectFigures> Compute(
        WorkCalendar calendar, FigureScope scope, IEnumerable<Review> reviews, IEnumerable<ComplaintFile> complaints,
        IReadOnlyDictionary<string, string> unitOfWindow)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(unitOfWindow);
        string? SubjectOf(string? windowId, string? staffId) => scope switch
        {
            FigureScope.Window => windowId,
            FigureScope.Staff => staffId,
            _ => windowId is not null && unitOfWindow.TryGetValue(windowId, out var unit) ? unit : null,
        };
        var reviewsBy = reviews.Select(r => (Subject: SubjectOf(r.WindowId, r.StaffId), Review: r))
            .Where(x => x.Subject is not null).ToLookup(x => x.Subject!, x => x.Review);
        var complaintsBy = complaints.Select(c => (Subject: SubjectOf(c.WindowId, c.StaffId), Complaint: c))
            .Where(x => x.Subject is not null).ToLookup(x => x.Subject!, x => x.Complaint);
        return reviewsBy.Select(g => g.Key).Union(complaintsBy.Select(g => g.Key)).Order(StringComparer.Ordinal)
            .Select(subject =>
            {
                var all = reviewsBy[subject].ToList();
                var counted = all.Where(r => !r.Excluded).ToList();
                var satisfied = counted.Count(r => !r.Bad);
                var bad = counted.Where(r => r.Bad).ToList();
                var rectified = bad.Count(r => r.RectifiedAt is not null);
                var own = complaintsBy[subject].ToList();
                var resolved = own.Where(c => c.ResolvedAt is not null).ToList();
                return new SubjectFigures(subject, counted.Count, satisfied,
                    counted.Count == 0 ? 0 : Math.Round((double)satisfied / counted.Count, 4),
                    bad.Count, rectified, bad.Count == 0 ? 1 : Math.Round((double)rectified / bad.Count, 4),
                    all.Count - counted.Count, own.Count,
                    own.GroupBy(c => c.Category).OrderBy(g => g.Key)
                        .Select(g => new CategoryCount(g.Key, g.Count(), g.Count(c => c.Verified == true),
                            g.Count(c => c.Verified == false))).ToList(),
                    resolved.Count == 0 ? 0 : (int)resolved.Average(c =>
                        calendar.WorkingTimeBetween(c.ReceivedAt, c.ResolvedAt!.Value).TotalMinutes));
            }).ToList();
    }
}
