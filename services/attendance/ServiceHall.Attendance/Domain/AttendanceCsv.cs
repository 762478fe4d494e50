using ServiceHall.ServiceDefaults.Reporting;

namespace ServiceHall.Attendance.Domain;

/// <summary>The weekly attendance summary as CSV (<see cref="CsvTable"/>: UTF-8, header row, one row per person).</summary>
public static class AttendanceCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "unit_id", "unit_name", "staff_id", "staff_name", "days_present", "late", "minutes_late", "left_early",
        "minutes_early", "off_post", "outings_overran", "absent", "leaves", "leave_minutes",
    ];

    public static string Write(IEnumerable<AttendanceLine> lines, IReadOnlyDictionary<string, string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(unitNames);
        var csv = new CsvTable([.. Header]);
        foreach (var l in lines)
        {
            csv.Row(l.UnitId, unitNames.GetValueOrDefault(l.UnitId, ""), l.StaffId, l.DisplayName,
                N(l.DaysPresent), N(l.Late), N(l.MinutesLate), N(l.LeftEarly), N(l.MinutesEarly), N(l.OffPost),
                N(l.OutingsOverran), N(l.Absent), N(l.Leaves), N(l.LeaveMinutes));
        }
        return csv.ToString();
    }

    private static string N(int value) => CsvTable.Number(value);
}
