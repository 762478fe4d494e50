using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Complaints.Application;
using ServiceHall.Complaints.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Complaints.Grpc;

/// <summary>Reviews with rectification and appeal, suggestions, quality figures.</summary>
public sealed partial class ComplaintsGrpcService
{
    private const string Rectifiers = $"{Roles.Office},{Roles.UnitHead}";

    // The citizen's channels (a kiosk, an evaluation pad, the platform's link: registered machines) or the office
    // entering a paper form; never a staff token.
    [Authorize(Roles = $"{Roles.System},{Roles.Kiosk},{Roles.Platform},{Roles.Office}")]
    public override async Task<Review> SubmitReview(SubmitReviewRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("request_id", request.RequestId)
            .Check((request.TicketId.Length > 0) ^ (request.CaseId.Length > 0), "ticket_id", "give exactly one of ticket_id and case_id")
            .Check(request.Grade != Grade.Unspecified && System.Enum.IsDefined(request.Grade), "grade", "is required");
        SourceId(validator, request.SourceId, request.Reviewer);
        OptionalId(validator, "ticket_id", request.TicketId);
        OptionalId(validator, "case_id", request.CaseId);
        if (request.Comment.Length > 0)
            validator.Text("comment", request.Comment, 2000);
        ValidatePerson(validator, "reviewer", request.Reviewer).ThrowIfInvalid();
        var review = await reviews.SubmitAsync(new Application.ReviewSubmission(request.RequestId, Empty(request.TicketId),
            Empty(request.CaseId), (Domain.Grade)(int)request.Grade, NameOf(request.Reviewer), PhoneOf(request.Reviewer),
            Empty(request.Comment.Trim()), request.SourceId, context.Caller().Subject() ?? ""), context.CancellationToken);
        return ToProto(review, context);
    }

    [Authorize(Roles = Rectifiers)]
    public override async Task<Review> RecordCallback(RecordCallbackRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("review_id", request.ReviewId).Text("result", request.Result, 2000).ThrowIfInvalid();
        await registry.RequireReviewUnitAsync(context.Caller(), request.ReviewId, context.CancellationToken);
        return ToProto(await reviews.RecordCallbackAsync(request.ReviewId, request.Result.Trim(), Actor(context), context.CancellationToken),
            context);
    }

    [Authorize(Roles = Rectifiers)]
    public override async Task<Review> CloseRectification(CloseRectificationRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("review_id", request.ReviewId)
            .Check(request.Action != RectificationAction.Unspecified && System.Enum.IsDefined(request.Action), "action", "is required")
            .Text("outcome", request.Outcome, 2000).ThrowIfInvalid();
        await registry.RequireReviewUnitAsync(context.Caller(), request.ReviewId, context.CancellationToken);
        return ToProto(await reviews.CloseRectificationAsync(request.ReviewId, (Domain.RectificationAction)(int)request.Action,
            request.Outcome.Trim(), Actor(context), context.CancellationToken), context);
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office}")]
    public override async Task<Review> AppealReview(AppealReviewRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("review_id", request.ReviewId).Text("reason", request.Reason, 2000).ThrowIfInvalid();
        var review = await context.FindForSelfOrAsync(() => reviews.GetAsync(request.ReviewId, context.CancellationToken),
            r => r.StaffId, Roles.Staff, Roles.Office);
        return ToProto(await reviews.AppealAsync(request.ReviewId, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken), context);
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.DisciplineOffice},{Roles.BureauLeader}")]
    public override async Task<Review> DecideAppeal(DecideAppealRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("review_id", request.ReviewId).Text("reason", request.Reason, 2000).ThrowIfInvalid();
        return ToProto(await reviews.DecideAppealAsync(request.ReviewId, request.Upheld, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken), context);
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice},{Roles.Staff}")]
    public override async Task<Review> GetReview(GetReviewRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("review_id", request.ReviewId).ThrowIfInvalid();
        await registry.RequireReviewUnitAsync(context.Caller(), request.ReviewId, context.CancellationToken);
        var review = await context.FindForSelfOrAsync(() => reviews.GetAsync(request.ReviewId, context.CancellationToken),
            r => r.StaffId, Roles.Staff, Roles.Office, Roles.UnitHead, Roles.BureauLeader,
            Roles.DisciplineOffice);
        return ToProto(review, context);
    }

    [Authorize(Roles = Submitters)]
    public override async Task<Suggestion> SubmitSuggestion(SubmitSuggestionRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("request_id", request.RequestId)
            .Check(request.Channel != Channel.Unspecified && System.Enum.IsDefined(request.Channel), "channel", "is required")
            .Text("content", request.Content, 4000);
        SourceId(validator, request.SourceId, request.Suggester);
        ValidatePerson(validator, "suggester", request.Suggester).ThrowIfInvalid();
        return ToProto(await suggestions.SubmitAsync(request.RequestId, (Domain.Channel)(int)request.Channel,
            NameOf(request.Suggester), PhoneOf(request.Suggester), request.Content.Trim(), request.SourceId,
            context.Caller().Subject() ?? "", context.CancellationToken));
    }

    [Authorize(Roles = Roles.Office)]
    public override async Task<Suggestion> AnswerSuggestion(AnswerSuggestionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("suggestion_id", request.SuggestionId).Text("answer", request.Answer, 4000)
            .ThrowIfInvalid();
        return ToProto(await suggestions.AnswerAsync(request.SuggestionId, request.Answer.Trim(), Actor(context), context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<QualityFigures> GetQualityFigures(GetQualityFiguresRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var from = validator.Date("from", request.From);
        var to = validator.Date("to", request.To);
        if (validator.IsValid)
        {
            validator.Check(to >= from, "to", "must not be before from")
                .Check(to.DayNumber - from.DayNumber <= 366, "to", "at most 366 days");
        }
        validator.Check(request.Scope != FigureScope.Unspecified && System.Enum.IsDefined(request.Scope), "scope", "is required");
        OptionalId(validator, "subject_id", request.SubjectId);
        validator.ThrowIfInvalid();
        var (subjects, count, answered) = await quality.FiguresAsync(from, to, (Domain.FigureScope)(int)request.Scope,
            Empty(request.SubjectId), context.CancellationToken);
        return new QualityFigures
        {
            From = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Scope = request.Scope, Suggestions = count, SuggestionsAnswered = answered,
            Subjects =
            {
                subjects.Select(s => new SubjectFigures
                {
                    SubjectId = s.SubjectId, Reviews = s.Reviews, Satisfied = s.Satisfied,
                    SatisfactionRate = s.SatisfactionRate, BadReviews = s.BadReviews,
                    BadReviewsRectified = s.BadReviewsRectified, RectificationRate = s.RectificationRate,
                    ExcludedReviews = s.ExcludedReviews, Complaints = s.Complaints,
                    AverageResolveMinutes = s.AverageResolveMinutes,
                    ComplaintsByCategory =
                    {
                        s.ByCategory.Select(c => new CategoryCount
                        {
                            Category = (ComplaintCategory)(int)c.Category, Received = c.Received, Verified = c.Verified,
                            Unfounded = c.Unfounded,
                        }),
                    },
                }),
            },
        };
    }

    private Review ToProto(Domain.Review r, ServerCallContext context)
    {
        var unmasked = MayUnmask(context);
        PersonalDataField Field(string column) => SealedFields.Review(r.ReviewId, column);
        return new Review
        {
            ReviewId = r.ReviewId, TicketId = r.TicketId ?? "", CaseId = r.CaseId ?? "", WindowId = r.WindowId ?? "",
            StaffId = r.StaffId, Grade = (Grade)(int)r.Grade, Bad = r.Bad, Anonymous = r.Anonymous,
            Reviewer = PersonOf(r.ReviewerNameProtected, Field(nameof(r.ReviewerNameProtected)),
                r.ReviewerPhoneProtected, Field(nameof(r.ReviewerPhoneProtected)), unmasked),
            ReviewerUnmasked = unmasked && !r.Anonymous, Comment = Reveal(r.CommentProtected, Field(nameof(r.CommentProtected))) ?? "",
            SubmittedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(r.SubmittedAt), Excluded = r.Excluded,
            Rectification = r.Bad
                ? new Rectification
                {
                    DueAt = Ts(r.RectificationDueAt), Status = r.RectifiedAt is null ? "OPEN" : "CLOSED",
                    Action = (RectificationAction)(int)(r.RectificationAction ?? 0),
                    Outcome = Reveal(r.RectificationOutcomeProtected, Field(nameof(r.RectificationOutcomeProtected))) ?? "", CalledBackAt = Ts(r.CalledBackAt),
                    CallbackResult = Reveal(r.CallbackResultProtected, Field(nameof(r.CallbackResultProtected))) ?? "", ClosedAt = Ts(r.RectifiedAt),
                    Overdue = (r.RectifiedAt ?? time.GetUtcNow()) > r.RectificationDueAt,
                    CalledBackBy = r.CalledBackBy ?? "", ClosedBy = r.RectifiedBy ?? "",
                }
                : null,
            Appeal = r.AppealStatus is null
                ? null
                : new Appeal
                {
                    Reason = r.AppealReason ?? "", FiledBy = r.AppealedBy ?? "", FiledAt = Ts(r.AppealedAt),
                    Status = r.AppealStatus.Value.ToString().ToUpperInvariant(), DecidedBy = r.AppealDecidedBy ?? "",
                    DecisionReason = r.AppealDecisionReason ?? "",
                },
        };
    }

    private Suggestion ToProto(Domain.Suggestion s) => new()
    {
        SuggestionId = s.SuggestionId, Channel = (Channel)(int)s.Channel, Anonymous = s.Anonymous,
        Content = Reveal(s.ContentProtected, SealedFields.Suggestion(s.SuggestionId, nameof(s.ContentProtected)))!, SubmittedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(s.SubmittedAt),
        Answer = s.Answer ?? "", AnsweredAt = Ts(s.AnsweredAt), AnsweredBy = s.AnsweredBy ?? "",
    };
}
