namespace ServiceHall.Discipline.Domain;

/// <summary>The facts a rule may count (R1.8 counts late, early and off post; the default rulebook adds inspection findings).</summary>
public enum ViolationKind
{
    /// <summary>迟到</summary>
    Late = 1,

    /// <summary>早退</summary>
    LeftEarly = 2,

    /// <summary>脱岗</summary>
    OffPost = 3,

    /// <summary>A finding of a patrol or check (巡查: 五禁止、十不准, 串岗, posture, the counter…) naming the staff member.</summary>
    InspectionFinding = 4,

    /// <summary>缺岗/旷工: a rostered workday without a clock-in or approved leave.</summary>
    Absent = 5,

    /// <summary>A verified complaint (detail: its category).</summary>
    VerifiedComplaint = 6,

    /// <summary>A later notice that broke one-time notification (R1.4).</summary>
    OneTimeNoticeViolation = 7,

    /// <summary>A case past its committed time limit, for its responsible staff member.</summary>
    CaseOverdue = 8,
}
