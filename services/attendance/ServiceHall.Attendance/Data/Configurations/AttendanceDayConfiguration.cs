using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class AttendanceDayConfiguration : IEntityTypeConfiguration<AttendanceDay>
{
    public void Configure(EntityTypeBuilder<AttendanceDay> e)
    {
        e.ToTable("attendance_days");
        e.HasKey(d => new { d.StaffId, d.WorkDate });
        e.Property(d => d.StaffId).HasMaxLength(64);
        e.Property(d => d.ClosedBy).HasMaxLength(32);
        e.Property(d => d.Revision).IsConcurrencyToken();
        e.HasIndex(d => d.WorkDate);
    }
}
