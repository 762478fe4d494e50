using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.Cases.Domain;

namespace ServiceHall.Cases.Data.Configurations;

/// <summary>Columns stored as JSON text: a case's and a branch's deadline clock, the notices' material lists.</summary>
internal static class CaseJson
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void ClockJson(PropertyBuilder<StoredClock> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<StoredClock>(v, Json) ?? StoredClock.NotStarted,
                new ValueComparer<StoredClock>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => v))
            .HasColumnType("text");
}
