using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Messaging;
using System.Diagnostics;
using System.Text.Json;

namespace ServiceHall.ServiceDefaults.Data.Configurations;

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> e)
    {
        e.ToTable("inbox_messages");
        e.HasKey(m => new { m.EventId, m.Consumer });
        e.Property(m => m.Consumer).HasMaxLength(200);
        e.Property(m => m.EventType).HasMaxLength(200);
    }
}
