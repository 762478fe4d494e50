using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class StaffFileConfiguration : IEntityTypeConfiguration<StaffFile>
{
    public void Configure(EntityTypeBuilder<StaffFile> e)
    {
        e.ToTable("staff_files");
        e.HasKey(f => f.StaffId);
        e.Property(f => f.StaffId).HasMaxLength(64);
        e.Property(f => f.Revision).IsConcurrencyToken();
    }
}
