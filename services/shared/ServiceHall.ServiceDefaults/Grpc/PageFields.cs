using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// <c>page_size</c> (0: <see cref="Paging.DefaultSize"/>, at most <see cref="Paging.MaxSize"/>) and <c>page_token</c>
/// (opaque, as this service gave it out) of every list RPC.
/// </summary>
public static class PageFields
{
    /// <summary>Reads the page fields, recording a violation for a size out of range or a token not given out here.</summary>
    public static PageRequest Page(this RequestValidator validator, int pageSize, string pageToken,
        int defaultSize = Paging.DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(pageToken);
        validator.Check(pageSize is >= 0 and <= Paging.MaxSize, "page_size",
            $"must be 0 (for {Paging.DefaultSize}) to {Paging.MaxSize}");
        string? after = null;
        if (pageToken.Length > 0)
        {
            after = Paging.KeyOf(pageToken);
            validator.Check(after is not null, "page_token", "is not a token this service gave out");
        }
        return new PageRequest(pageSize == 0 ? defaultSize : Math.Clamp(pageSize, 1, Paging.MaxSize), after);
    }

    /// <summary>As <see cref="Page"/>, for a list paged by position (<see cref="Paging.Offset"/>).</summary>
    public static PageRequest PageByPosition(this RequestValidator validator, int pageSize, string pageToken,
        int defaultSize = Paging.MaxSize)
    {
        var page = validator.Page(pageSize, pageToken, defaultSize);
        if (page.After is { } after)
        {
            validator.Check(int.TryParse(after, System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var offset) && offset <= 1_000_000,
                "page_token", "is not a token this service gave out");
        }
        return page;
    }
}
