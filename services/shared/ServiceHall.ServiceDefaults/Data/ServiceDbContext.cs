using ServiceHall.ServiceDefaults.Data.Configurations;
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
public abstract class ServiceDbContext : DbContext
{
    public static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    protected ServiceDbContext(DbContextOptions options) : base(options)
    {
        // A registry row added, changed or deleted (Auth.IRegistryRecord): the registry cache is told once it is saved
        // (Auth.RegistryChangeInterceptor). The tracker's own events: no extra pass over what it tracks.
        ChangeTracker.Tracked += (_, e) =>
        {
            if (e.Entry.Entity is Auth.IRegistryRecord && e.Entry.State is EntityState.Added or EntityState.Deleted)
                RegistryChanged = true;
        };
        ChangeTracker.StateChanged += (_, e) =>
        {
            if (e.Entry.Entity is Auth.IRegistryRecord && e.NewState is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                RegistryChanged = true;
        };
    }

    /// <summary>A registry row of this context was added, changed or deleted and the cache has not been told yet.</summary>
    internal bool RegistryChanged { get; set; }

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public DbSet<JobLease> Leases => Set<JobLease>();

    public DbSet<ClientRequest> ClientRequests => Set<ClientRequest>();

    /// <summary>The copy of attendance's client registry (machine clients), where machines call this service.</summary>
    public DbSet<Auth.RegisteredClient> RegisteredClients => Set<Auth.RegisteredClient>();

    /// <summary>This service's audit chain (append-only).</summary>
    public DbSet<Audit.AuditRecord> AuditRecords => Set<Audit.AuditRecord>();

    /// <summary>The archived stretches of the audit chain (<see cref="Audit.AuditArchive"/>).</summary>
    public DbSet<Audit.AuditArchive> AuditArchives => Set<Audit.AuditArchive>();

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
        // SQLite cannot compare or order DateTimeOffset text; stored as UTC ticks it compares instants, whatever offset
        // a value carried (a hall-time 09:00+08:00 and 01:00Z are one instant).
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<SqliteInstantConverter>();
        else
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new JobLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new ClientRequestConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new RegisteredClientConfiguration());
        modelBuilder.ApplyConfiguration(new Audit.AuditRecordConfiguration());
        modelBuilder.ApplyConfiguration(new Audit.AuditArchiveConfiguration());
    }
}

/// <summary>PostgreSQL <c>timestamptz</c> takes UTC only: every instant is stored as UTC, whatever its offset.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(), value => value);

/// <summary>
/// SQLite: an instant as a 64-bit integer that orders as instants do — UTC ticks / 1000 shifted left 11 bits, the low
/// 11 bits an offset in minutes. Values are written in UTC (offset 0); EF Core's <c>DateTimeOffsetToBinaryConverter</c>
/// wrote the clock reading with its offset, which compared clock readings, not instants (a hall-time 09:00+08:00 sorted
/// after 08:00Z). Such older values still read back right, and <see cref="DatabaseInitializer{TContext}"/> rewrites
/// them in UTC at start-up.
/// </summary>
internal sealed class SqliteInstantConverter() : ValueConverter<DateTimeOffset, long>(
    value => (value.UtcTicks / 1000) << 11,
    value => SqliteInstant.Decode(value));

internal static class SqliteInstant
{
    public static DateTimeOffset Decode(long value)
    {
        var ticks = (value >> 11) * 1000;
        var offset = value & 0x7FF;
        if (offset >= 0x400)
            offset -= 0x800;
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset));
    }

    /// <summary>
    /// Rewrites a column's values stored with an offset (an earlier build's encoding) as UTC: ticks minus the offset,
    /// offset bits cleared. Values already in UTC are left alone, so running it again changes nothing.
    /// </summary>
    public static string NormalizeSql(string table, string column) =>
        $"""UPDATE "{table}" SET "{column}" = ((("{column}" >> 11) - (CASE WHEN ("{column}" & 2047) >= 1024 THEN ("{column}" & 2047) - 2048 ELSE ("{column}" & 2047) END) * 600000) << 11) WHERE "{column}" IS NOT NULL AND ("{column}" & 2047) <> 0""";
}
