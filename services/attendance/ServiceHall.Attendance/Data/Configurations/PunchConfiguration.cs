using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class PunchConfiguration : IEntityTypeConfiguration<Punch>
{
    public void Configure(EntityTypeBuilder<Punch> e)
    {
        e.ToTable("punches");
        e.HasKey(p => p.PunchId);
        e.Property(p => p.PunchId).HasMaxLength(64);
        e.Property(p => p.StaffId).HasMaxLength(64);
        e.Property(p => p.DeviceId).HasMaxLength(64);
        e.HasIndex(p => p.RecordId);
        e.HasIndex(p => new { p.StaffId, p.PunchedAt });
    }
}
