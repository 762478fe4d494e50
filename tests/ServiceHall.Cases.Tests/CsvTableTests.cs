using ServiceHall.ServiceDefaults.Reporting;

namespace ServiceHall.Cases.Tests;

/// <summary>The one CSV writer of every export (the case ledger, the weekly attendance summary).</summary>
public sealed class CsvTableTests
{
    [Fact]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted_and_rows_end_with_crlf()
    {
        var csv = new CsvTable("a", "b").Row("x,y", "say \"hi\"").Row("line\nbreak", "plain").ToString();
        Assert.Equal("a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",plain\r\n", csv);
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")]
    [InlineData("王芳", "王芳")]
    public void No_field_is_a_formula_a_spreadsheet_would_run(string field, string written)
    {
        Assert.Equal(written, CsvTable.Escape(field));
    }

    [Fact]
    public void A_row_as_wide_as_the_header_or_none()
    {
        var table = new CsvTable("a", "b");
        Assert.Throws<ArgumentException>(() => table.Row("only one"));
        Assert.Equal("a,b\r\n", table.ToString());
    }
}
