using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class DutyRegisterEntryConfiguration : IEntityTypeConfiguration<DutyRegisterEntry>
{
    public void Configure(EntityTypeBuilder<DutyRegisterEntry> e)
    {
        e.ToTable("duty_register");
        e.HasKey(r => r.Date);
        e.Property(r => r.WrittenBy).HasMaxLength(128);
        e.Property(r => r.Note).HasMaxLength(1000);
    }
}
