namespace ServiceHall.Complaints.Domain;

/// <summary>意见建议: recorded, answered, counted.</summary>
public sealed class Suggestion
{
    public required string SuggestionId { get; init; }

    public required string RequestId { get; init; }

    public Channel Channel { get; init; }

    public bool Anonymous { get; init; }

    public string? SuggesterNameProtected { get; set; }

    public string? SuggesterPhoneProtected { get; set; }

    public required string ContentProtected { get; set; }

    /// <summary>Keyed hash of the submitting source (kiosk, phone line, web session) for the anonymous rate limit.</summary>
    public string? SourceHash { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public string? Answer { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Who answered.</summary>
    public string? AnsweredBy { get; set; }

    /// <summary>
    /// Who sent the request (the token's subject): the request id is the caller's, so the same id from another
    /// caller is ALREADY_EXISTS, never this record.
    /// </summary>
    public string? SubmittedBy { get; init; }
}
