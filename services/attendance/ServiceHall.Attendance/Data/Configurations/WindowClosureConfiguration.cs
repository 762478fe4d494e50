using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class WindowClosureConfiguration : IEntityTypeConfiguration<WindowClosure>
{
    public void Configure(EntityTypeBuilder<WindowClosure> e)
    {
        e.ToTable("window_closures");
        e.HasKey(c => c.ClosureId);
        e.Property(c => c.ClosureId).HasMaxLength(64);
        e.Property(c => c.WindowId).HasMaxLength(64);
        e.Property(c => c.Reason).HasMaxLength(200);
        e.Property(c => c.ApprovedBy).HasMaxLength(128);
        e.Property(c => c.RequestedBy).HasMaxLength(128);
        e.HasIndex(c => new { c.WindowId, c.StartsAt });
    }
}
