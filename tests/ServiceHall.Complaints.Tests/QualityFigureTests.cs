using ServiceHall.Calendar;
using ServiceHall.Complaints.Domain;

namespace ServiceHall.Complaints.Tests;

public sealed class QualityFigureTests
{
    private static readonly WorkCalendar Calendar = new(new WorkCalendarOptions());
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Dictionary<string, string> Units = new() { ["w-1"] = "unit-hr", ["w-2"] = "unit-hr", ["w-3"] = "unit-tax" };

    private static Review Review(string staff, string window, Grade grade, bool excluded = false, bool rectified = false) => new()
    {
        ReviewId = Guid.NewGuid().ToString(), RequestId = Guid.NewGuid().ToString(), StaffId = staff, WindowId = window,
        Grade = grade, Excluded = excluded, SubmittedAt = Monday, RectifiedAt = rectified ? Monday.AddDays(1) : null,
    };

    private static ComplaintFile Complaint(string staff, string window, ComplaintCategory category, bool? verified,
        DateTimeOffset? resolvedAt = null) => new()
    {
        ComplaintId = Guid.NewGuid().ToString(), RequestId = Guid.NewGuid().ToString(), StaffId = staff, WindowId = window,
        Category = category, Verified = verified, ContentProtected = "x", ReceivedAt = Monday, ResolvedAt = resolvedAt,
        DueAt = Monday.AddDays(7),
    };

    [Fact]
    public void Satisfaction_and_rectification_rates_leave_out_excluded_ratings()
    {
        Review[] reviews =
        [
            Review("anna", "w-1", Grade.VerySatisfied), Review("anna", "w-1", Grade.BasicallySatisfied),
            Review("anna", "w-1", Grade.Dissatisfied, rectified: true), Review("anna", "w-1", Grade.VeryDissatisfied),
            Review("anna", "w-1", Grade.VeryDissatisfied, excluded: true),
        ];

        var anna = Assert.Single(QualityFigureCalculator.Compute(Calendar, FigureScope.Staff, reviews, [], Units));

        Assert.Equal((4, 2, 0.5, 2, 1, 0.5, 1), (anna.Reviews, anna.Satisfied, anna.SatisfactionRate, anna.BadReviews,
            anna.BadReviewsRectified, anna.RectificationRate, anna.ExcludedReviews));
    }

    [Fact]
    public void Complaints_count_by_category_and_outcome_with_the_working_time_to_resolve()
    {
        ComplaintFile[] complaints =
        [
            Complaint("bo", "w-2", ComplaintCategory.Attitude, true, Monday.AddHours(2)),
            Complaint("bo", "w-2", ComplaintCategory.Attitude, false, Monday.AddDays(1)), // Tue 10:00: 6h working
            Complaint("bo", "w-2", ComplaintCategory.Delay, null),
        ];

        var bo = Assert.Single(QualityFigureCalculator.Compute(Calendar, FigureScope.Staff, [], complaints, Units));

        Assert.Equal(3, bo.Complaints);
        Assert.Equal([new CategoryCount(ComplaintCategory.Attitude, 2, 1, 1), new CategoryCount(ComplaintCategory.Delay, 1, 0, 0)], bo.ByCategory);
        Assert.Equal((120 + 420) / 2, bo.AverageResolveMinutes);
        Assert.Equal((0, 0.0, 1.0), (bo.Reviews, bo.SatisfactionRate, bo.RectificationRate));
    }

    [Fact]
    public void Windows_add_up_to_their_units()
    {
        Review[] reviews = [Review("a", "w-1", Grade.Satisfied), Review("b", "w-2", Grade.Dissatisfied), Review("c", "w-3", Grade.Satisfied)];

        var units = QualityFigureCalculator.Compute(Calendar, FigureScope.Unit, reviews, [], Units);

        Assert.Equal([("unit-hr", 2), ("unit-tax", 1)], units.Select(u => (u.SubjectId, u.Reviews)));
    }

    [Fact]
    public void An_overdue_complaint_goes_to_the_unit_head_then_after_two_working_days_to_the_bureau_leader()
    {
        var due = new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(8)); // Friday

        Assert.Equal(0, ComplaintEscalation.LevelAt(Calendar, due, 2, due));
        Assert.Equal(1, ComplaintEscalation.LevelAt(Calendar, due, 2, due.AddMinutes(1)));
        Assert.Equal(1, ComplaintEscalation.LevelAt(Calendar, due, 2, due.AddDays(4))); // Tuesday 17:00, the 2nd workday's end
        Assert.Equal(2, ComplaintEscalation.LevelAt(Calendar, due, 2, due.AddDays(4).AddMinutes(1)));
    }
}
