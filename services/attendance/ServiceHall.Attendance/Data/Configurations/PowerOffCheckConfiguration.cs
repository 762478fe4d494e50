using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class PowerOffCheckConfiguration : IEntityTypeConfiguration<PowerOffCheck>
{
    public void Configure(EntityTypeBuilder<PowerOffCheck> e)
    {
        e.ToTable("power_off_checks");
        e.HasKey(c => new { c.Date, c.WindowId });
        e.Property(c => c.WindowId).HasMaxLength(64);
        e.Property(c => c.Note).HasMaxLength(500);
        e.Property(c => c.CheckedBy).HasMaxLength(128);
    }
}
