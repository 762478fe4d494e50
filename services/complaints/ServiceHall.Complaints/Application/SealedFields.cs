using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Complaints.Application;

/// <summary>
/// Where each sealed value of a complaint, review or suggestion lives (table, field, record id): a value opens only in
/// its own record and field. An evidence note's field is its position in the list.
/// </summary>
public static class SealedFields
{
    public static PersonalDataField Complaint(string complaintId, string field) => new("complaints", field, complaintId);

    public static PersonalDataField Evidence(string complaintId, int index) =>
        new("complaints", $"EvidenceProtected[{index}]", complaintId);

    public static PersonalDataField Review(string reviewId, string field) => new("reviews", field, reviewId);

    public static PersonalDataField Suggestion(string suggestionId, string field) => new("suggestions", field, suggestionId);
}
