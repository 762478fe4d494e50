using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class RosterEntryConfiguration : IEntityTypeConfiguration<RosterEntry>
{
    public void Configure(EntityTypeBuilder<RosterEntry> e)
    {
        e.ToTable("roster_entries");
        e.HasKey(r => new { r.WindowId, r.Date, r.StaffId });
        e.Property(r => r.WindowId).HasMaxLength(64);
        e.Property(r => r.StaffId).HasMaxLength(64);
        e.HasIndex(r => new { r.StaffId, r.Date });
    }
}
