using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class MachineClientConfiguration : IEntityTypeConfiguration<MachineClient>
{
    public void Configure(EntityTypeBuilder<MachineClient> e)
    {
        e.ToTable("machine_clients");
        e.HasKey(c => c.ClientId);
        e.Property(c => c.ClientId).HasMaxLength(64);
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.WindowIds).HasJsonListConversion();
        e.Property(c => c.UnitIds).HasJsonListConversion();
        e.Property(c => c.RegisteredBy).HasMaxLength(64);
        e.Property(c => c.ChangedBy).HasMaxLength(64);
        e.Property(c => c.ChangeReason).HasMaxLength(500);
    }
}
