using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.ServiceDefaults.Data.Configurations;

internal sealed class RegisteredClientConfiguration : IEntityTypeConfiguration<RegisteredClient>
{
    public void Configure(EntityTypeBuilder<RegisteredClient> e)
    {
        e.ToTable("registered_clients");
        e.HasKey(c => c.ClientId);
        e.Property(c => c.ClientId).HasMaxLength(64);
        e.Property(c => c.Kind).HasMaxLength(16);
        e.Property(c => c.WindowIds).HasJsonListConversion();
        e.Property(c => c.UnitIds).HasJsonListConversion();
    }
}
