namespace ServiceHall.Complaints.Domain;

/// <summary>What a complaint is about (A10, R1.4(2)).</summary>
public enum ComplaintCategory
{
    /// <summary>服务态度.</summary>
    Attitude = 1,

    /// <summary>办理拖延.</summary>
    Delay = 2,

    /// <summary>推诿扯皮.</summary>
    BuckPassing = 3,

    /// <summary>泄露隐私.</summary>
    PrivacyLeak = 4,

    /// <summary>违规违纪.</summary>
    Misconduct = 5,

    Other = 6,
}
