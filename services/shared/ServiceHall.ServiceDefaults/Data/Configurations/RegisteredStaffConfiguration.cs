using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.ServiceDefaults.Data.Configurations;

/// <summary>The copy of the staff registry; applied by the contexts that keep one (<see cref="IStaffRegistryCopy"/>).</summary>
public sealed class RegisteredStaffConfiguration : IEntityTypeConfiguration<RegisteredStaff>
{
    public void Configure(EntityTypeBuilder<RegisteredStaff> builder)
    {
        builder.ToTable("registered_staff");
        builder.HasKey(s => s.StaffId);
        builder.Property(s => s.StaffId).HasMaxLength(64);
        builder.Property(s => s.UnitId).HasMaxLength(64);
        builder.Property(s => s.WindowId).HasMaxLength(64);
        builder.Property(s => s.Roles).HasJsonListConversion();
    }
}
