using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class ServiceSessionConfiguration : IEntityTypeConfiguration<ServiceSession>
{
    public void Configure(EntityTypeBuilder<ServiceSession> e)
    {
        e.ToTable("service_sessions");
        e.HasKey(x => x.SessionId);
        e.Property(x => x.TicketId).HasMaxLength(64);
        e.Property(x => x.ItemId).HasMaxLength(64);
        e.Property(x => x.WindowId).HasMaxLength(64);
        e.Property(x => x.StaffId).HasMaxLength(64);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.HasIndex(x => new { x.StaffId, x.Day });
        e.HasIndex(x => new { x.TicketId, x.EndedAt });
    }
}
