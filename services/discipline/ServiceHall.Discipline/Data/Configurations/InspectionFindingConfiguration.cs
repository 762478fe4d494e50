using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class InspectionFindingConfiguration : IEntityTypeConfiguration<InspectionFinding>
{
    public void Configure(EntityTypeBuilder<InspectionFinding> e)
    {
        e.ToTable("inspection_findings");
        e.HasKey(f => f.FindingId);
        e.Property(f => f.InspectionId).HasMaxLength(64);
        e.Property(f => f.StaffId).HasMaxLength(64);
        e.Property(f => f.WindowId).HasMaxLength(64);
        e.Property(f => f.Note).HasMaxLength(1000);
        e.HasIndex(f => f.InspectionId);
        e.HasIndex(f => f.StaffId);
    }
}
