using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Messaging;
using System.Diagnostics;
using System.Text.Json;

namespace ServiceHall.ServiceDefaults.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox_messages");
        // The sequence is the key (auto-increment in PostgreSQL and SQLite alike); the event id is unique.
        e.HasKey(m => m.Sequence);
        e.HasIndex(m => m.Id).IsUnique();
        e.Property(m => m.EventType).HasMaxLength(200);
        e.Property(m => m.TraceParent).HasMaxLength(128);
        e.Property(m => m.TraceState).HasMaxLength(512);
        e.Property(m => m.LastError).HasMaxLength(2000);
        e.HasIndex(m => m.SentAt);
    }
}
