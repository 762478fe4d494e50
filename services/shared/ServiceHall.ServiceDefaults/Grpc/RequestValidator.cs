using System.Text.RegularExpressions;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// Collects every field violation of a request before failing, so a caller learns all that is wrong at once.
/// </summary>
public sealed partial class RequestValidator
{
    private readonly List<FieldViolation> _violations = [];

    /// <summary>An identifier: required, at most 64 of letters, digits, '.', '_' and '-'.</summary>
    public RequestValidator Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            _violations.Add(new FieldViolation(field, "is required"));
        else if (!IdPattern().IsMatch(value))
            _violations.Add(new FieldViolation(field, "must be 1-64 letters, digits, '.', '_' or '-'"));
        return this;
    }

    /// <summary>
    /// Free text: required, at most <paramref name="maxLength"/> characters, no control characters and no invisible
    /// format characters (bidi overrides such as U+202E, zero-width spaces and joiners: text that shows otherwise
    /// than it reads).
    /// </summary>
    public RequestValidator Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            _violations.Add(new FieldViolation(field, "is required"));
        else if (value.Length > maxLength)
            _violations.Add(new FieldViolation(field, $"must be at most {maxLength} characters"));
        else if (value.Any(char.IsControl))
            _violations.Add(new FieldViolation(field, "must not contain control characters"));
        else if (value.Any(c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            _violations.Add(new FieldViolation(field, "must not contain invisible format characters (bidi, zero-width)"));
        return this;
    }

    /// <summary>A date as yyyy-MM-dd; records a violation and returns default when it is not one.</summary>
    public DateOnly Date(string field, string? value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }
        _violations.Add(new FieldViolation(field, "must be a date yyyy-MM-dd"));
        return default;
    }

    public RequestValidator Check(bool valid, string field, string description)
    {
        if (!valid)
            _violations.Add(new FieldViolation(field, description));
        return this;
    }

    public bool IsValid => _violations.Count == 0;

    /// <summary>Throws <c>InvalidArgument</c> with every violation found so far, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
            throw new InvalidInputException(_violations);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
