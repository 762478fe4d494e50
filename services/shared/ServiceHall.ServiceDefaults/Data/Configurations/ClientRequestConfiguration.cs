using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Messaging;
using System.Diagnostics;
using System.Text.Json;

namespace ServiceHall.ServiceDefaults.Data.Configurations;

internal sealed class ClientRequestConfiguration : IEntityTypeConfiguration<ClientRequest>
{
    public void Configure(EntityTypeBuilder<ClientRequest> e)
    {
        e.ToTable("client_requests");
        e.HasKey(r => new { r.RequestId, r.Method, r.Caller });
        e.Property(r => r.RequestId).HasMaxLength(100);
        e.Property(r => r.Method).HasMaxLength(200);
        e.Property(r => r.Caller).HasMaxLength(200);
        e.Property(r => r.RequestHash).HasMaxLength(64);
        e.HasIndex(r => r.CreatedAt);
    }
}
