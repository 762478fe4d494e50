using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class AttendanceFactConfiguration : IEntityTypeConfiguration<AttendanceFact>
{
    public void Configure(EntityTypeBuilder<AttendanceFact> e)
    {
        e.ToTable("attendance_facts");
        e.HasKey(f => f.FactId);
        e.Property(f => f.StaffId).HasMaxLength(64);
        e.Property(f => f.WindowId).HasMaxLength(64);
        e.Property(f => f.Key).HasMaxLength(64);
        e.Property(f => f.Settings).HasMaxLength(500);
        e.Property(f => f.EndedBy).HasMaxLength(128);
        e.Property(f => f.EndedReason).HasMaxLength(500);
        e.Property(f => f.TraceParent).HasMaxLength(128);
        e.HasIndex(f => new { f.StaffId, f.WorkDate });
        e.HasIndex(f => new { f.WorkDate, f.Status });
    }
}
