using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class RegisteredStaffConfiguration : IEntityTypeConfiguration<RegisteredStaff>
{
    public void Configure(EntityTypeBuilder<RegisteredStaff> e)
    {
        e.ToTable("registered_staff");
        e.HasKey(s => s.StaffId);
        e.Property(s => s.StaffId).HasMaxLength(64);
        e.Property(s => s.UnitId).HasMaxLength(64);
        e.Property(s => s.WindowId).HasMaxLength(64);
        e.Property(s => s.Roles).HasJsonListConversion();
    }
}
