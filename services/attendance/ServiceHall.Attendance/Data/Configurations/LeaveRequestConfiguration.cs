using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class LeaveRequestConfiguration : IEntityTypeConfiguration<LeaveRequest>
{
    public void Configure(EntityTypeBuilder<LeaveRequest> e)
    {
        e.ToTable("leave_requests");
        e.HasKey(l => l.LeaveId);
        e.Property(l => l.LeaveId).HasMaxLength(64);
        e.Property(l => l.StaffId).HasMaxLength(64);
        e.Property(l => l.SubstituteStaffId).HasMaxLength(64);
        e.Property(l => l.ApprovedBy).HasMaxLength(128);
        e.Property(l => l.Reason).HasMaxLength(500);
        e.Property(l => l.EndedBy).HasMaxLength(128);
        e.Property(l => l.EndReason).HasMaxLength(500);
        e.HasIndex(l => new { l.StaffId, l.StartsAt });
    }
}
