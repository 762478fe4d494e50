using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class HallDutyConfiguration : IEntityTypeConfiguration<HallDuty>
{
    public void Configure(EntityTypeBuilder<HallDuty> e)
    {
        e.ToTable("hall_duties");
        e.HasKey(d => d.Date);
        e.Property(d => d.UnitId).HasMaxLength(64);
        e.Property(d => d.DutyStaffId).HasMaxLength(64);
        e.Property(d => d.DutyLeaderStaffId).HasMaxLength(64);
        e.Property(d => d.AssignedBy).HasMaxLength(128);
    }
}
