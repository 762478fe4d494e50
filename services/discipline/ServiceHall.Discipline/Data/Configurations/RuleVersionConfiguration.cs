using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class RuleVersionConfiguration : IEntityTypeConfiguration<RuleVersion>
{
    public void Configure(EntityTypeBuilder<RuleVersion> e)
    {
        e.ToTable("rule_versions");
        e.HasKey(r => new { r.RuleId, r.Version });
        e.Property(r => r.RuleId).HasMaxLength(32);
        e.Property(r => r.Title).HasMaxLength(200);
        e.Property(r => r.Article).HasMaxLength(2000);
        e.Property(r => r.DraftedBy).HasMaxLength(128);
        e.Property(r => r.ApprovedBy).HasMaxLength(128);
        e.Property(r => r.CountedKinds)
            .HasCommaListConversion(k => ((int)k).ToString(CultureInfo.InvariantCulture),
                k => (ViolationKind)int.Parse(k, CultureInfo.InvariantCulture))
            .HasMaxLength(100);
        e.Property(r => r.Details).HasCommaListConversion(d => d, d => d).HasMaxLength(500);
        e.Ignore(r => r.Citation);
    }
}
