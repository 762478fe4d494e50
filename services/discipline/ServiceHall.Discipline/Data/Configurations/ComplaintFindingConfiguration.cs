using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class ComplaintFindingConfiguration : IEntityTypeConfiguration<ComplaintFinding>
{
    public void Configure(EntityTypeBuilder<ComplaintFinding> e)
    {
        e.ToTable("complaint_findings");
        e.HasKey(f => f.ComplaintId);
        e.Property(f => f.ComplaintId).HasMaxLength(64);
        e.Property(f => f.StaffId).HasMaxLength(64);
        e.Property(f => f.WindowId).HasMaxLength(64);
        e.Property(f => f.Category).HasMaxLength(32);
        e.HasIndex(f => new { f.StaffId, f.Year });
    }
}
