using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class OutingConfiguration : IEntityTypeConfiguration<Outing>
{
    public void Configure(EntityTypeBuilder<Outing> e)
    {
        e.ToTable("outings");
        e.HasKey(o => o.OutingId);
        e.Property(o => o.OutingId).HasMaxLength(64);
        e.Property(o => o.StaffId).HasMaxLength(64);
        e.Property(o => o.Reason).HasMaxLength(500);
        e.Property(o => o.ApprovedBy).HasMaxLength(128);
    }
}
