namespace ServiceHall.Attendance.Domain;

/// <summary>What the working day rule finds about a person's day.</summary>
public enum AttendanceFactKind
{
    /// <summary>迟到: the first clock-in of an owed session after its start plus grace.</summary>
    Late = 1,

    /// <summary>早退: the day's last clock-out before the end of the last owed session attended.</summary>
    LeftEarly = 2,

    /// <summary>缺岗: an owed session without a clock-in by its cut-off.</summary>
    Absent = 3,

    /// <summary>脱岗: unapproved time away inside owed working time past the threshold.</summary>
    OffPost = 4,

    /// <summary>An approved outing (外出) that lasted longer than approved.</summary>
    OutingOverran = 5,

    /// <summary>The day ended with a clock-in and no clock-out after it: for the duty leader to resolve.</summary>
    MissingClockOut = 6,
}

/// <summary>Where a fact stands.</summary>
public enum AttendanceFactStatus
{
    /// <summary>The day is not closed yet (or changed after closing): the duty leader may still void it.</summary>
    Provisional = 1,

    /// <summary>The day is closed and the fact stood: published, discipline counts it.</summary>
    Final = 2,

    /// <summary>Voided by the duty leader before it became final, with a reason; never published.</summary>
    Voided = 3,

    /// <summary>It was final and no longer holds (a correction, leave approved afterwards): its withdrawal is published.</summary>
    Withdrawn = 4,
}
