using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class AttendanceRecordConfiguration : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> e)
    {
        e.ToTable("attendance_records");
        e.HasKey(r => r.RecordId);
        e.Property(r => r.StaffId).HasMaxLength(64);
        e.HasIndex(r => new { r.StaffId, r.WorkDate }).IsUnique();
    }
}
