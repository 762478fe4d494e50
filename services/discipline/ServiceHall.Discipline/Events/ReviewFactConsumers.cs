using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Contracts.Complaints;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>Every review counts for the award rule (A26).</summary>
[InboxKey("ReviewFactConsumer")]
public sealed class ReviewFactConsumer(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time,
    ILogger<ReviewFactConsumer> logger) : IdempotentConsumer<DisciplineDbContext, ReviewSubmitted>(db, time, logger)
{
    protected override async Task HandleAsync(ReviewSubmitted message, CancellationToken cancellationToken)
    {
        if (!await Db.ReviewFacts.AnyAsync(r => r.ReviewId == message.ReviewId, cancellationToken))
        {
            Db.ReviewFacts.Add(new ReviewFact
            {
                ReviewId = message.ReviewId, StaffId = message.StaffId, Bad = message.Bad,
                Day = calendar.DateOf(message.OccurredAt),
            });
        }
    }
}

/// <summary>An upheld appeal takes a review out of the award rule too.</summary>
[InboxKey("ReviewExcludedConsumer")]
public sealed class ReviewExcludedConsumer(DisciplineDbContext db, TimeProvider time, ILogger<ReviewExcludedConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, ReviewExcluded>(db, time, logger)
{
    protected override async Task HandleAsync(ReviewExcluded message, CancellationToken cancellationToken)
    {
        // If the review has not arrived yet, this fails and the bus retries it after the review.
        var review = await Db.ReviewFacts.FirstOrDefaultAsync(r => r.ReviewId == message.ReviewId, cancellationToken)
                     ?? throw new InvalidOperationException($"Review {message.ReviewId} is not known yet.");
        review.Excluded = true;
    }
}
