using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// One page of a list: how many (<see cref="Size"/>) and after which key (<see cref="After"/>, null for the first page).
/// Lists page by a stable key (keyset paging), so a row added meanwhile neither repeats nor hides another.
/// </summary>
public readonly record struct PageRequest(int Size, string? After);

/// <summary>
/// Pages and their opaque tokens: by key (the key of the last row of the previous page; a row added meanwhile neither
/// repeats nor hides another) or, for short lists whose order has no single key (a day's facts, a person's sanctions),
/// by position.
/// </summary>
public static class Paging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;
    private const int MaxKeyLength = 400;

    /// <summary>The token that continues after <paramref name="lastKey"/>; empty on the last page (null).</summary>
    public static string Token(string? lastKey) =>
        lastKey is null ? "" : WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(lastKey));

    /// <summary>The key a token continues after, or null when it is not a token this service gave out.</summary>
    public static string? KeyOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > MaxKeyLength * 2)
            return null;
        try
        {
            var key = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            return key.Length is > 0 and <= MaxKeyLength && !key.Any(char.IsControl) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Splits rows read with one extra (<c>Take(Size + 1)</c>) into the page and the key to continue after, or null
    /// when this is the last page.
    /// </summary>
    public static (IReadOnlyList<T> Rows, string? NextAfter) Cut<T>(IReadOnlyList<T> rowsPlusOne, PageRequest page,
        Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(rowsPlusOne);
        ArgumentNullException.ThrowIfNull(key);
        return rowsPlusOne.Count > page.Size
            ? (rowsPlusOne.Take(page.Size).ToList(), key(rowsPlusOne[page.Size - 1]))
            : (rowsPlusOne, null);
    }

    /// <summary>Where a page by position starts (0 for the first page).</summary>
    public static int Offset(this PageRequest page) =>
        page.After is { } after && int.TryParse(after, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    /// <summary>
    /// Splits rows read from <see cref="Offset"/> with one extra (<c>Skip(Offset).Take(Size + 1)</c>) into the page and
    /// the position to continue at, or null when this is the last page.
    /// </summary>
    public static (IReadOnlyList<T> Rows, string? NextAfter) CutAtOffset<T>(IReadOnlyList<T> rowsPlusOne, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(rowsPlusOne);
        return rowsPlusOne.Count > page.Size
            ? (rowsPlusOne.Take(page.Size).ToList(),
                (page.Offset() + page.Size).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : (rowsPlusOne, null);
    }

    /// <summary>
    /// One page by position of a list already in its total order (a list the service builds whole, bounded by the hall:
    /// the organisation, the catalogue, a period's ledger rows): the page and the position to continue at, or null.
    /// </summary>
    public static (IReadOnlyList<T> Rows, string? NextAfter) Slice<T>(IReadOnlyList<T> all, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(all);
        return CutAtOffset(all.Skip(page.Offset()).Take(page.Size + 1).ToList(), page);
    }
}
