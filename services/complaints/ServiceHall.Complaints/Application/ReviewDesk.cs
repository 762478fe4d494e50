using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Calendar;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.Contracts.Complaints;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Complaints.Application;

/// <summary>A review as submitted (plain; encrypted before it is stored).</summary>
public sealed record ReviewSubmission(
    string RequestId, string? TicketId, string? CaseId, Grade Grade, string? Name, string? Phone, string? Comment,
    string SourceId, string SubmittedBy);

/// <summary>
/// 好差评 with the closed loop (A23-A25): one review per finished ticket or completed case; each bad review opens a
/// rectification due in working days, closed as verified, rectified or explained only after the reviewer was called back
/// (100 % for named reviews); the staff member may appeal, and an upheld appeal excludes the rating.
/// </summary>
public sealed class ReviewDesk(
    ComplaintsDbContext db, SubmissionLimit limit, PersonalDataProtector protector, WorkCalendar calendar,
    IOptions<ComplaintsOptions> options, IOptions<HallOptions> hall, TimeProvider time)
{
    public async Task<Review> SubmitAsync(ReviewSubmission s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s);
        // The request id is the caller's: another caller's id, or other details, is ALREADY_EXISTS.
        var once = new CreateOnce<Review>("Review request", s.RequestId, r => r.RequestId == s.RequestId,
            r => r.SubmittedBy == s.SubmittedBy && r.TicketId == s.TicketId && r.CaseId == s.CaseId && r.Grade == s.Grade);
        if (await once.FindAsync(db, cancellationToken) is { } again)
            return again;
        var key = s.TicketId is not null ? "ticket:" + s.TicketId : "case:" + s.CaseId;
        var visit = await db.ServedVisits.AsNoTracking().FirstOrDefaultAsync(v => v.Key == key, cancellationToken);
        if (visit is null)
        {
            var message = s.TicketId is not null
                ? $"Ticket '{s.TicketId}' has not finished service (or the cases service has not said so yet); only a finished service is reviewed."
                : $"Case '{s.CaseId}' is not completed (or the cases service has not said so yet); only a completed case is reviewed.";
            throw new RuleRefusedException(message, [("A23", key, "not finished")]);
        }
        // A review is the citizen's word: the staff member who served never reviews their own service.
        if (string.Equals(s.SubmittedBy, visit.StaffId, StringComparison.Ordinal))
            throw new NotPermittedException("The staff member who served this visit cannot review it.");
        if (await db.Reviews.AnyAsync(r => (s.TicketId != null && r.TicketId == s.TicketId) ||
                                           (s.CaseId != null && r.CaseId == s.CaseId), cancellationToken))
        {
            throw new DuplicateException("Review of", key, "one review per ticket or case");
        }
        var anonymous = s.Name is null;
        if (anonymous)
            await limit.CheckAnonymousAsync(s.SourceId, cancellationToken);
        var now = time.GetUtcNow();
        var reviewId = Guid.CreateVersion7(now).ToString();
        var review = new Review
        {
            ReviewId = reviewId, RequestId = s.RequestId, TicketId = s.TicketId,
            CaseId = s.CaseId, WindowId = visit.WindowId, StaffId = visit.StaffId, Grade = s.Grade,
            Anonymous = anonymous, ReviewerNameProtected = s.Name is null ? null : protector.Protect(s.Name, SealedFields.Review(reviewId, nameof(Review.ReviewerNameProtected))),
            ReviewerPhoneProtected = s.Phone is null ? null : protector.Protect(s.Phone, SealedFields.Review(reviewId, nameof(Review.ReviewerPhoneProtected))),
            CommentProtected = s.Comment is null ? null : protector.Protect(s.Comment, SealedFields.Review(reviewId, nameof(Review.CommentProtected))),
            SourceHash = s.SourceId.Length > 0 ? limit.HashOf(s.SourceId) : null, SubmittedAt = now, SubmittedBy = s.SubmittedBy,
            RectificationDueAt = s.Grade.IsBad() ? calendar.AddWorkingDays(now, options.Value.RectifyDays) : null,
        };
        db.AddEvent(new ReviewSubmitted(Guid.CreateVersion7(now), now, hall.Value.HallId, review.ReviewId, s.TicketId,
            s.CaseId, visit.WindowId, visit.StaffId, (int)s.Grade, review.Bad), now);
        // Another review of the same visit committed at the same moment: one review per visit.
        try
        {
            return await once.AddAsync(db, review, cancellationToken);
        }
        catch (DuplicateException)
        {
            throw new DuplicateException("Review of", key, "one review per ticket or case");
        }
    }

    public Task<Review> RecordCallbackAsync(string reviewId, string result, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(reviewId, (r, now) =>
        {
            RequireOpenRectification(r);
            if (r.Anonymous)
                throw Refused(r, $"Review '{reviewId}' is anonymous; there is nobody to call back.");
            (r.CalledBackAt, r.CallbackResultProtected, r.CalledBackBy) = (now, protector.Protect(result, SealedFields.Review(r.ReviewId, nameof(Review.CallbackResultProtected))), actor);
        }, cancellationToken);

    public Task<Review> CloseRectificationAsync(string reviewId, RectificationAction action, string outcome, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(reviewId, (r, now) =>
        {
            RequireOpenRectification(r);
            if (!r.Anonymous && r.CalledBackAt is null)
            {
                throw Refused(r,
                    $"Review '{reviewId}' was given by name: call the reviewer back (RecordCallback) before closing its rectification.");
            }
            (r.RectificationAction, r.RectificationOutcomeProtected, r.RectifiedAt, r.RectifiedBy) =
                (action, protector.Protect(outcome, SealedFields.Review(r.ReviewId, nameof(Review.RectificationOutcomeProtected))), now, actor);
            db.AddEvent(new BadReviewRectified(Guid.CreateVersion7(now), now, hall.Value.HallId, r.ReviewId, r.StaffId,
                action.ToString(), now <= r.RectificationDueAt), now);
        }, cancellationToken);

    public Task<Review> AppealAsync(string reviewId, string reason, string filedBy, CancellationToken cancellationToken) =>
        ChangeAsync(reviewId, (r, now) =>
        {
            if (r.AppealStatus is not null)
                throw Refused(r, $"Review '{reviewId}' was appealed already ({r.AppealStatus}).");
            (r.AppealReason, r.AppealedBy, r.AppealedAt, r.AppealStatus) = (reason, filedBy, now, AppealStatus.Pending);
        }, cancellationToken);

    public Task<Review> DecideAppealAsync(string reviewId, bool upheld, string reason, string decidedBy,
        CancellationToken cancellationToken) =>
        ChangeAsync(reviewId, (r, now) =>
        {
            if (r.AppealStatus != AppealStatus.Pending)
                throw Refused(r, $"Review '{reviewId}' has no appeal waiting for a decision.");
            // Segregation of duties: neither the reviewed staff member nor whoever filed the appeal decides it.
            if (string.Equals(decidedBy, r.StaffId, StringComparison.Ordinal) ||
                string.Equals(decidedBy, r.AppealedBy, StringComparison.Ordinal))
            {
                throw new NotPermittedException(
                    $"The appeal of review '{reviewId}' is decided by someone other than the reviewed staff member and its filer.");
            }
            (r.AppealStatus, r.AppealDecidedBy, r.AppealDecisionReason) =
                (upheld ? AppealStatus.Upheld : AppealStatus.Rejected, decidedBy, reason);
            if (upheld)
            {
                r.Excluded = true;
                db.AddEvent(new ReviewExcluded(Guid.CreateVersion7(now), now, hall.Value.HallId, r.ReviewId, r.StaffId), now);
            }
        }, cancellationToken);

    public async Task<Review> GetAsync(string reviewId, CancellationToken cancellationToken) =>
        await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.ReviewId == reviewId, cancellationToken)
        ?? throw new NotFoundException("Review", reviewId);

    private static void RequireOpenRectification(Review r)
    {
        if (!r.Bad)
            throw Refused(r, $"Review '{r.ReviewId}' is not a bad review; it has no rectification.");
        if (r.RectifiedAt is not null)
            throw Refused(r, $"The rectification of review '{r.ReviewId}' is closed.");
    }

    private async Task<Review> ChangeAsync(string reviewId, Action<Review, DateTimeOffset> change,
        CancellationToken cancellationToken)
    {
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.ReviewId == reviewId, cancellationToken)
                     ?? throw new NotFoundException("Review", reviewId);
        change(review, time.GetUtcNow());
        review.Revision++;
        await db.SaveRevisedAsync("Review", reviewId, cancellationToken);
        return review;
    }

    private static RuleRefusedException Refused(Review r, string message) =>
        new RuleRefusedException(message, [("A24", $"review/{r.ReviewId}", message)]);
}
