namespace ServiceHall.Discipline.Domain;

/// <summary>Attendance violations R1.8 counts together.</summary>
public enum ViolationKind
{
    /// <summary>迟到</summary>
    Late = 1,

    /// <summary>早退</summary>
    LeftEarly = 2,

    /// <summary>脱岗</summary>
    OffPost = 3,
}
