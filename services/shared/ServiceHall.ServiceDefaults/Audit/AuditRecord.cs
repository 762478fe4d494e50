using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// One link of a service's audit chain (table <c>audit_records</c>): who did what, from where, with what outcome —
/// ids only, never personal data — and the hash of the record before it. Written once, never changed: the database
/// refuses UPDATE and DELETE on the table (<see cref="AuditSchema"/>).
/// </summary>
public sealed class AuditRecord
{
    /// <summary>1, 2, 3, … without gaps: a missing number is a deleted record.</summary>
    public long Sequence { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The same moment in hall time, as text (ISO 8601 with the hall's offset).</summary>
    public required string HallTime { get; init; }

    public string Subject { get; init; } = "";

    public string ClientId { get; init; } = "";

    /// <summary>The roles the service judged the caller by, comma-separated.</summary>
    public string Roles { get; init; } = "";

    public string Peer { get; init; } = "";

    public required string Service { get; init; }

    public required string Method { get; init; }

    /// <summary>The ids the request named, <c>field=value</c>, separated by new lines.</summary>
    public string ObjectIds { get; init; } = "";

    /// <summary><see cref="AuditKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The gRPC status code name.</summary>
    public required string Outcome { get; init; }

    public string RequestId { get; init; } = "";

    public string TraceId { get; init; } = "";

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }
}

/// <summary>Why a record was written.</summary>
public static class AuditKinds
{
    /// <summary>A call that changes something (whatever its outcome).</summary>
    public const string Change = "change";

    /// <summary>A call refused: no token, or a token not allowed (UNAUTHENTICATED, PERMISSION_DENIED).</summary>
    public const string Refused = "refused";

    /// <summary>A read that returned a citizen's personal data unmasked.</summary>
    public const string PersonalDataRead = "personal-data-read";
}

public sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(AuditSchema.Table);
        builder.HasKey(r => r.Sequence);
        builder.Property(r => r.Sequence).ValueGeneratedNever();
        builder.Property(r => r.HallTime).HasMaxLength(40);
        builder.Property(r => r.Subject).HasMaxLength(128);
        builder.Property(r => r.ClientId).HasMaxLength(128);
        builder.Property(r => r.Roles).HasMaxLength(300);
        builder.Property(r => r.Peer).HasMaxLength(100);
        builder.Property(r => r.Service).HasMaxLength(40);
        builder.Property(r => r.Method).HasMaxLength(200);
        builder.Property(r => r.ObjectIds).HasMaxLength(4000);
        builder.Property(r => r.Kind).HasMaxLength(30);
        builder.Property(r => r.Outcome).HasMaxLength(30);
        builder.Property(r => r.RequestId).HasMaxLength(100);
        builder.Property(r => r.TraceId).HasMaxLength(32);
        builder.Property(r => r.PreviousHash).HasMaxLength(64);
        builder.Property(r => r.Hash).HasMaxLength(64);
        builder.HasIndex(r => new { r.Subject, r.Sequence });
        builder.HasIndex(r => new { r.Method, r.Sequence });
        builder.HasIndex(r => r.RecordedAt);
    }
}
