using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// Base of every service's DbContext: it owns the outbox and inbox tables, so an event is written in the same
/// transaction as the change that caused it, and a consumed event id in the same transaction as its effect.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public DbSet<JobLease> Leases => Set<JobLease>();

    public DbSet<ClientRequest> ClientRequests => Set<ClientRequest>();

    /// <summary>Adds an event to the outbox; it is stored when the caller saves (and commits) its change.</summary>
    public void AddEvent(IIntegrationEvent integrationEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var type = integrationEvent.GetType();
        var activity = Activity.Current;
        Outbox.Add(new OutboxMessage
        {
            Id = integrationEvent.EventId,
            EventType = EventTypes.NameOf(type),
            Payload = JsonSerializer.Serialize(integrationEvent, type, EventJson),
            OccurredAt = integrationEvent.OccurredAt,
            CreatedAt = now,
            TraceParent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = activity?.TraceStateString,
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text; as UTC ticks it can. All instants here are UTC.
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        else
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(e =>
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
        });
        modelBuilder.Entity<JobLease>(e =>
        {
            e.ToTable("job_leases");
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(100);
            e.Property(l => l.Holder).HasMaxLength(200);
        });
        modelBuilder.Entity<ClientRequest>(e =>
        {
            e.ToTable("client_requests");
            e.HasKey(r => new { r.RequestId, r.Method, r.Caller });
            e.Property(r => r.RequestId).HasMaxLength(100);
            e.Property(r => r.Method).HasMaxLength(200);
            e.Property(r => r.Caller).HasMaxLength(200);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.HasIndex(r => r.CreatedAt);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.EventId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.EventType).HasMaxLength(200);
        });
    }
}

/// <summary>PostgreSQL <c>timestamptz</c> takes UTC only: every instant is stored as UTC, whatever its offset.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(), value => value);
