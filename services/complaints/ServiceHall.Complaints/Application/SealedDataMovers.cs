using System.Linq.Expressions;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Complaints.Application;

/// <summary>
/// Moves a complaint's sealed values (complainant, content, evidence, findings, reply) to the current key. The source
/// hash of the anonymous limit stays: it counts for an hour, and the limit looks under every key of the ring.
/// </summary>
public sealed class ComplaintSealedDataMover(ComplaintsDbContext db, PersonalDataProtector protector)
    : SealedDataMover<ComplaintsDbContext, ComplaintFile>(db, protector)
{
    public override string Table => "complaints";

    protected override Expression<Func<ComplaintFile, string>> Key => c => c.ComplaintId;

    protected override bool Move(ComplaintFile row)
    {
        PersonalDataField Field(string column) => SealedFields.Complaint(row.ComplaintId, column);
        var moved = Reseal(row.ComplainantNameProtected, Field(nameof(row.ComplainantNameProtected)), v => row.ComplainantNameProtected = v);
        moved |= Reseal(row.ComplainantPhoneProtected, Field(nameof(row.ComplainantPhoneProtected)), v => row.ComplainantPhoneProtected = v);
        moved |= Reseal(row.ContentProtected, Field(nameof(row.ContentProtected)), v => row.ContentProtected = v);
        moved |= Reseal(row.FindingsProtected, Field(nameof(row.FindingsProtected)), v => row.FindingsProtected = v);
        moved |= Reseal(row.ReplyProtected, Field(nameof(row.ReplyProtected)), v => row.ReplyProtected = v);
        var evidence = row.EvidenceProtected.ToList();
        var evidenceMoved = false;
        for (var i = 0; i < evidence.Count; i++)
        {
            var index = i;
            evidenceMoved |= Reseal(evidence[i], SealedFields.Evidence(row.ComplaintId, i), v => evidence[index] = v);
        }
        if (evidenceMoved)
            row.EvidenceProtected = evidence;
        if (moved || evidenceMoved)
            row.Revision++;
        return moved || evidenceMoved;
    }
}

/// <summary>Moves a review's sealed values (reviewer, comment, callback, rectification outcome) to the current key.</summary>
public sealed class ReviewSealedDataMover(ComplaintsDbContext db, PersonalDataProtector protector)
    : SealedDataMover<ComplaintsDbContext, Review>(db, protector)
{
    public override string Table => "reviews";

    protected override Expression<Func<Review, string>> Key => r => r.ReviewId;

    protected override bool Move(Review row)
    {
        PersonalDataField Field(string column) => SealedFields.Review(row.ReviewId, column);
        var moved = Reseal(row.ReviewerNameProtected, Field(nameof(row.ReviewerNameProtected)), v => row.ReviewerNameProtected = v);
        moved |= Reseal(row.ReviewerPhoneProtected, Field(nameof(row.ReviewerPhoneProtected)), v => row.ReviewerPhoneProtected = v);
        moved |= Reseal(row.CommentProtected, Field(nameof(row.CommentProtected)), v => row.CommentProtected = v);
        moved |= Reseal(row.CallbackResultProtected, Field(nameof(row.CallbackResultProtected)), v => row.CallbackResultProtected = v);
        moved |= Reseal(row.RectificationOutcomeProtected, Field(nameof(row.RectificationOutcomeProtected)),
            v => row.RectificationOutcomeProtected = v);
        if (moved)
            row.Revision++;
        return moved;
    }
}

/// <summary>Moves a suggestion's sealed values (suggester, content) to the current key.</summary>
public sealed class SuggestionSealedDataMover(ComplaintsDbContext db, PersonalDataProtector protector)
    : SealedDataMover<ComplaintsDbContext, Suggestion>(db, protector)
{
    public override string Table => "suggestions";

    protected override Expression<Func<Suggestion, string>> Key => s => s.SuggestionId;

    protected override bool Move(Suggestion row)
    {
        PersonalDataField Field(string column) => SealedFields.Suggestion(row.SuggestionId, column);
        var moved = Reseal(row.SuggesterNameProtected, Field(nameof(row.SuggesterNameProtected)), v => row.SuggesterNameProtected = v);
        moved |= Reseal(row.SuggesterPhoneProtected, Field(nameof(row.SuggesterPhoneProtected)), v => row.SuggesterPhoneProtected = v);
        moved |= Reseal(row.ContentProtected, Field(nameof(row.ContentProtected)), v => row.ContentProtected = v);
        return moved;
    }
}
