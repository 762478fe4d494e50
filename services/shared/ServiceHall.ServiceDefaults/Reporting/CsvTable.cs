using System.Globalization;
using System.Text;

namespace ServiceHall.ServiceDefaults.Reporting;

/// <summary>
/// The one CSV writer every export uses: RFC 4180 (comma, CRLF, quotes doubled), a header row, every row as wide as
/// the header, and no field a spreadsheet would run as a formula (a leading =, +, - or @ gets a ' before it).
/// </summary>
public sealed class CsvTable
{
    private readonly StringBuilder _text = new();
    private readonly int _width;

    public CsvTable(params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _width = header.Length;
        Append(header);
    }

    /// <summary>One row; as many fields as the header.</summary>
    public CsvTable Row(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length != _width)
            throw new ArgumentException($"A row has {_width} fields, not {fields.Length}.", nameof(fields));
        Append(fields);
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Flag(bool value) => value ? "true" : "false";

    /// <summary>Quotes a field with a comma, quote or line break; a leading =, +, - or @ is prefixed with ' so a
    /// spreadsheet never runs it as a formula.</summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
            field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
    }

    private void Append(string[] fields) => _text.AppendJoin(',', fields.Select(Escape)).Append("\r\n");
}
