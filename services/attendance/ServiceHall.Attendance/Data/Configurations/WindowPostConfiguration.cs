using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class WindowPostConfiguration : IEntityTypeConfiguration<WindowPost>
{
    public void Configure(EntityTypeBuilder<WindowPost> e)
    {
        e.ToTable("window_posts");
        e.HasKey(p => new { p.WindowId, p.StaffId });
    }
}
