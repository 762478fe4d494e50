using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class StaffRoleConfiguration : IEntityTypeConfiguration<StaffRole>
{
    public void Configure(EntityTypeBuilder<StaffRole> e)
    {
        e.ToTable("staff_roles");
        e.HasKey(r => new { r.StaffId, r.Role });
        e.Property(r => r.StaffId).HasMaxLength(64);
    }
}
