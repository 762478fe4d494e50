using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class SanctionConfiguration : IEntityTypeConfiguration<Sanction>
{
    public void Configure(EntityTypeBuilder<Sanction> e)
    {
        e.ToTable("sanctions");
        e.HasKey(s => s.SanctionId);
        e.Property(s => s.StaffId).HasMaxLength(64);
        e.Property(s => s.RuleVersion).HasMaxLength(64);
        e.Property(s => s.DedupKey).HasMaxLength(200);
        e.HasIndex(s => s.DedupKey).IsUnique();
        e.Property(s => s.AppealReason).HasMaxLength(2000);
        e.Property(s => s.ConfirmedBy).HasMaxLength(128);
        e.Property(s => s.AppealDecidedBy).HasMaxLength(128);
        e.Property(s => s.AppealedBy).HasMaxLength(128);
        e.Property(s => s.AppealDecisionReason).HasMaxLength(2000);
        e.Property(s => s.RevocationReason).HasMaxLength(700);
        e.Property(s => s.IssueReason).HasMaxLength(1000);
        e.HasIndex(s => new { s.StaffId, s.Year });
        // Evidence as a comma-separated list: portable across PostgreSQL and SQLite.
        e.Property(s => s.EvidenceEventIds)
            .HasCommaListConversion(id => id.ToString(), Guid.Parse)
            .HasMaxLength(4000);
    }
}
