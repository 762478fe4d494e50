using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// One archived stretch of a chain: its records, 1 to <see cref="ArchivedThrough"/> after the stretch before, were
/// written to <see cref="File"/> (JSON lines, ending with this mark) and then removed from <c>audit_records</c>. The
/// chain in the table goes on from <see cref="HeadHash"/>, so it still verifies; the database lets a record be deleted
/// only when a mark covers it. The marks themselves are append-only.
/// </summary>
public sealed class AuditArchive
{
    /// <summary>The last sequence number archived.</summary>
    public long ArchivedThrough { get; init; }

    public long FirstSequence { get; init; }

    /// <summary>The hash of record <see cref="ArchivedThrough"/>: the previous hash of the first record left in the table.</summary>
    public required string HeadHash { get; init; }

    /// <summary>The previous hash of record <see cref="FirstSequence"/> (where the file's walk starts).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>The archive file's name (in <c>Audit:ArchiveFolder</c>).</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the file, hex.</summary>
    public required string FileSha256 { get; init; }

    public DateTimeOffset ArchivedAt { get; init; }
}

public sealed class AuditArchiveConfiguration : IEntityTypeConfiguration<AuditArchive>
{
    public void Configure(EntityTypeBuilder<AuditArchive> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(AuditSchema.ArchiveTable);
        builder.HasKey(a => a.ArchivedThrough);
        builder.Property(a => a.ArchivedThrough).ValueGeneratedNever();
        builder.Property(a => a.HeadHash).HasMaxLength(64);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.File).HasMaxLength(200);
        builder.Property(a => a.FileSha256).HasMaxLength(64);
    }
}
