using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class ViolationConfiguration : IEntityTypeConfiguration<Violation>
{
    public void Configure(EntityTypeBuilder<Violation> e)
    {
        e.ToTable("attendance_violations");
        e.HasKey(v => v.EventId);
        e.Property(v => v.StaffId).HasMaxLength(64);
        e.HasIndex(v => new { v.StaffId, v.WeekStart });
        e.Property(v => v.Detail).HasMaxLength(64);
        e.Property(v => v.WindowId).HasMaxLength(64);
        e.Property(v => v.WithdrawnReason).HasMaxLength(500);
        e.HasIndex(v => v.WorkDate);
    }
}
