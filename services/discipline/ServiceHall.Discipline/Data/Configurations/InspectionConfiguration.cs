using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> e)
    {
        e.ToTable("inspections");
        e.HasKey(i => i.InspectionId);
        e.Property(i => i.InspectionId).HasMaxLength(64);
        e.Property(i => i.InspectorId).HasMaxLength(128);
        e.Property(i => i.Notes).HasMaxLength(2000);
        e.HasIndex(i => i.Day);
    }
}
