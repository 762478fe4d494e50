using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> e)
    {
        e.ToTable("units");
        e.HasKey(u => u.UnitId);
        e.Property(u => u.UnitId).HasMaxLength(64);
        e.Property(u => u.HallId).HasMaxLength(64);
        e.Property(u => u.Name).HasMaxLength(200);
    }
}
