using System.Globalization;
using System.Text;

namespace ServiceHall.Attendance.Domain;

/// <summary>The weekly attendance summary as CSV (RFC 4180, UTF-8, header row, one row per person).</summary>
public static class AttendanceCsv
{
    public const string Header =
        "unit_id,unit_name,staff_id,staff_name,days_present,late,minutes_late,left_early,minutes_early,off_post," +
        "outings_overran,absent,leaves,leave_minutes";

    public static string Write(IEnumerable<AttendanceLine> lines, IReadOnlyDictionary<string, string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(unitNames);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var l in lines)
        {
            string[] fields =
            [
                l.UnitId, unitNames.GetValueOrDefault(l.UnitId, ""), l.StaffId, l.DisplayName,
                N(l.DaysPresent), N(l.Late), N(l.MinutesLate), N(l.LeftEarly), N(l.MinutesEarly), N(l.OffPost),
                N(l.OutingsOverran), N(l.Absent), N(l.Leaves), N(l.LeaveMinutes),
            ];
            csv.AppendJoin(',', fields.Select(Escape)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Quotes a field with a comma, quote or line break; a leading =, +, - or @ is prefixed with ' so a
    /// spreadsheet never runs it as a formula.</summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
            field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
