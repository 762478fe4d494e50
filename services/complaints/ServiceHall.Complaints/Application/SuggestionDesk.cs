using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Complaints.Application;

/// <summary>意见箱: suggestions recorded, answered and counted.</summary>
public sealed class SuggestionDesk(
    ComplaintsDbContext db, SubmissionLimit limit, PersonalDataProtector protector, TimeProvider time)
{
    public async Task<Suggestion> SubmitAsync(string requestId, Channel channel, string? name, string? phone,
        string content, string sourceId, string submittedBy, CancellationToken cancellationToken)
    {
        // The request id is the caller's: another caller's id, or other details, is ALREADY_EXISTS.
        var once = new CreateOnce<Suggestion>("Suggestion request", requestId, s => s.RequestId == requestId,
            s => s.SubmittedBy == submittedBy && s.Channel == channel);
        if (await once.FindAsync(db, cancellationToken) is { } again)
            return again;
        if (name is null)
            await limit.CheckAnonymousAsync(sourceId, cancellationToken);
        var now = time.GetUtcNow();
        var suggestionId = Guid.CreateVersion7(now).ToString();
        var suggestion = new Suggestion
        {
            SuggestionId = suggestionId, RequestId = requestId, Channel = channel,
            Anonymous = name is null, SuggesterNameProtected = name is null ? null : protector.Protect(name, SealedFields.Suggestion(suggestionId, nameof(Suggestion.SuggesterNameProtected))),
            SuggesterPhoneProtected = phone is null ? null : protector.Protect(phone, SealedFields.Suggestion(suggestionId, nameof(Suggestion.SuggesterPhoneProtected))),
            ContentProtected = protector.Protect(content, SealedFields.Suggestion(suggestionId, nameof(Suggestion.ContentProtected))), SourceHash = sourceId.Length > 0 ? limit.HashOf(sourceId) : null, SubmittedAt = now,
            SubmittedBy = submittedBy,
        };
        return await once.AddAsync(db, suggestion, cancellationToken);
    }

    public async Task<Suggestion> AnswerAsync(string suggestionId, string answer, string actor, CancellationToken cancellationToken)
    {
        var suggestion = await db.Suggestions.FirstOrDefaultAsync(s => s.SuggestionId == suggestionId, cancellationToken)
                         ?? throw new NotFoundException("Suggestion", suggestionId);
        (suggestion.Answer, suggestion.AnsweredAt, suggestion.AnsweredBy) = (answer, time.GetUtcNow(), actor);
        await db.SaveChangesAsync(cancellationToken);
        return suggestion;
    }
}
