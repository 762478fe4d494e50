using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class WindowConfiguration : IEntityTypeConfiguration<Window>
{
    public void Configure(EntityTypeBuilder<Window> e)
    {
        e.ToTable("windows");
        e.HasKey(w => w.WindowId);
        e.Property(w => w.WindowId).HasMaxLength(64);
        e.Property(w => w.UnitId).HasMaxLength(64);
        e.Property(w => w.Name).HasMaxLength(200);
        e.Property(w => w.ClosedReason).HasMaxLength(200);
    }
}
