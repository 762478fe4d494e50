using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class AttendanceCorrectionConfiguration : IEntityTypeConfiguration<AttendanceCorrection>
{
    public void Configure(EntityTypeBuilder<AttendanceCorrection> e)
    {
        e.ToTable("attendance_corrections");
        e.HasKey(c => c.CorrectionId);
        e.Property(c => c.CorrectionId).HasMaxLength(64);
        e.Property(c => c.StaffId).HasMaxLength(64);
        e.Property(c => c.PunchId).HasMaxLength(64);
        e.Property(c => c.Reason).HasMaxLength(500);
        e.Property(c => c.FiledBy).HasMaxLength(128);
        e.Property(c => c.DecidedBy).HasMaxLength(128);
        e.Property(c => c.DecisionReason).HasMaxLength(500);
        e.HasIndex(c => new { c.StaffId, c.WorkDate });
        e.HasIndex(c => new { c.WorkDate, c.Status });
    }
}
