using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class CaseNoticeConfiguration : IEntityTypeConfiguration<CaseNotice>
{
    public void Configure(EntityTypeBuilder<CaseNotice> e)
    {
        e.ToTable("case_notices");
        e.HasKey(n => new { n.CaseId, n.Sequence });
        e.Property(n => n.CaseId).HasMaxLength(64);
        e.Property(n => n.IssuedBy).HasMaxLength(128);
        e.Property(n => n.Reason).HasMaxLength(500);
        e.Property(n => n.OverrideReason).HasMaxLength(500);
        e.Property(n => n.MaterialIds).HasJsonListConversion();
        e.Property(n => n.Violations).HasJsonListConversion();
    }
}
