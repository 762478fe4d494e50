using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class TimeAwayConfiguration : IEntityTypeConfiguration<TimeAway>
{
    public void Configure(EntityTypeBuilder<TimeAway> e)
    {
        e.ToTable("away_from_post");
        e.HasKey(a => a.AwayId);
        e.Property(a => a.StaffId).HasMaxLength(64);
        e.Property(a => a.WindowId).HasMaxLength(64);
        e.Property(a => a.OutingId).HasMaxLength(64);
        e.HasIndex(a => new { a.StaffId, a.LeftAt });
        e.HasIndex(a => new { a.StaffId, a.ReturnedAt });
    }
}
