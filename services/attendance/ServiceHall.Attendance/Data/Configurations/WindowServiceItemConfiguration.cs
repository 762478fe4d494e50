using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class WindowServiceItemConfiguration : IEntityTypeConfiguration<WindowServiceItem>
{
    public void Configure(EntityTypeBuilder<WindowServiceItem> e)
    {
        e.ToTable("window_service_items");
        e.HasKey(i => new { i.WindowId, i.ItemId });
        e.Property(i => i.WindowId).HasMaxLength(64);
        e.Property(i => i.ItemId).HasMaxLength(64);
        e.HasIndex(i => i.ItemId);
    }
}
