using System.Globalization;

namespace ServiceHall.Attendance.Domain;

/// <summary>
/// The numbers that judged a day, recorded with each fact so that a sanction's evidence says by which settings it was
/// judged: grace, the two sessions' hours, their absence cut-offs and the off-post threshold.
/// </summary>
public sealed record JudgingSettings(
    int GraceMinutes,
    TimeOnly MorningStart,
    TimeOnly MorningEnd,
    TimeOnly AfternoonStart,
    TimeOnly AfternoonEnd,
    TimeOnly MorningAbsenceCutoff,
    TimeOnly AfternoonAbsenceCutoff,
    int OffPostThresholdMinutes)
{
    /// <summary>One line, e.g. <c>grace 0 min; morning 09:00-12:00 (absent after 12:00); …</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"grace {GraceMinutes} min; morning {MorningStart:HH\\:mm}-{MorningEnd:HH\\:mm} (absent without a clock-in by {MorningAbsenceCutoff:HH\\:mm}); " +
        $"afternoon {AfternoonStart:HH\\:mm}-{AfternoonEnd:HH\\:mm} (absent without a clock-in by {AfternoonAbsenceCutoff:HH\\:mm}); " +
        $"off post after {OffPostThresholdMinutes} min away");
}
