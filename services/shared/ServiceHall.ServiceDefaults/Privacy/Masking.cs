namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>How personal data is shown to callers who may not see it in full (A14).</summary>
public static class Masking
{
    /// <summary>The first 3 and last 4 characters: 110101199001011234 → 110***********1234.</summary>
    public static string IdNumber(string value) => Keep(value, 3, 4);

    /// <summary>The first 3 and last 4 digits: 13812345678 → 138****5678.</summary>
    public static string Phone(string value) => Keep(value, 3, 4);

    /// <summary>The family name (first character) only: 王小明 → 王**.</summary>
    public static string Name(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        return text.Length <= 1 ? "*" : text[..1] + new string('*', text.Length - 1);
    }

    private static string Keep(string value, int head, int tail)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length <= head + tail)
            return new string('*', text.Length);
        return text[..head] + new string('*', text.Length - head - tail) + text[^tail..];
    }
}
