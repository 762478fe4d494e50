namespace ServiceHall.Attendance.Domain;

/// <summary>
/// 缺岗 (R1.1): on a workday whose cut-off has passed, a rostered staff member is absent when they did not clock in
/// before the cut-off, were not on approved leave during the morning, and are not marked absent for that day already.
/// </summary>
public static class AbsenceRule
{
    /// <param name="rostered">(staff, window) rostered that day; a staff member rostered twice counts once.</param>
    /// <param name="clockedInBeforeCutoff">Staff whose first clock-in of the day came before the cut-off.</param>
    /// <param name="onApprovedLeave">Staff on approved leave between the start of work and the cut-off.</param>
    /// <param name="alreadyMarked">Staff already marked absent that day.</param>
    public static IReadOnlyList<(string StaffId, string WindowId)> Absentees(
        IEnumerable<(string StaffId, string WindowId)> rostered,
        IReadOnlySet<string> clockedInBeforeCutoff,
        IReadOnlySet<string> onApprovedLeave,
        IReadOnlySet<string> alreadyMarked) =>
        rostered
            .Where(r => !clockedInBeforeCutoff.Contains(r.StaffId) && !onApprovedLeave.Contains(r.StaffId) &&
                        !alreadyMarked.Contains(r.StaffId))
            .DistinctBy(r => r.StaffId)
            .ToList();
}
