using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>Lists stored in one column, portable across PostgreSQL and SQLite, compared by their items.</summary>
public static class ListConversions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A JSON array in a text column.</summary>
    public static PropertyBuilder<IReadOnlyList<T>> HasJsonListConversion<T>(this PropertyBuilder<IReadOnlyList<T>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>(),
                ItemComparer<T>())
            .HasColumnType("text");
    }

    /// <summary>Items separated by commas (they must not contain one), written and read with the given functions.</summary>
    public static PropertyBuilder<IReadOnlyList<T>> HasCommaListConversion<T>(this PropertyBuilder<IReadOnlyList<T>> property,
        Func<T, string> format, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasConversion(
            v => string.Join(',', v.Select(format)),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(parse).ToList(),
            ItemComparer<T>());
    }

    private static ValueComparer<IReadOnlyList<T>> ItemComparer<T>() => new(
        (a, b) => (a ?? new List<T>()).SequenceEqual(b ?? new List<T>()),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
