namespace ServiceHall.Complaints.Domain;

/// <summary>Where a complaint, review or suggestion came in.</summary>
public enum Channel
{
    Window = 1,

    /// <summary>意见箱.</summary>
    SuggestionDesk = 2,

    Phone = 3,

    Online = 4,
}
