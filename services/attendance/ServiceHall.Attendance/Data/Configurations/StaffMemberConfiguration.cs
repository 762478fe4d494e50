using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> e)
    {
        e.ToTable("staff");
        e.HasKey(s => s.StaffId);
        e.Property(s => s.StaffId).HasMaxLength(64);
        e.Property(s => s.DisplayName).HasMaxLength(100);
        e.Property(s => s.UnitId).HasMaxLength(64);
        e.Property(s => s.WindowId).HasMaxLength(64);
        e.Property(s => s.ActiveChangedBy).HasMaxLength(200);
        e.Property(s => s.ActiveChangeReason).HasMaxLength(500);
        e.Ignore(s => s.Active);
        e.HasIndex(s => s.WindowId);
    }
}
