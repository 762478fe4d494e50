using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases.Data;

/// <summary>The cases service's database: the catalogue, tickets, windows' items, cases and their clocks.</summary>
public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : ServiceDbContext(options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DbSet<ServiceItemVersion> ItemVersions => Set<ServiceItemVersion>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketCounter> TicketCounters => Set<TicketCounter>();

    public DbSet<WindowDesk> Windows => Set<WindowDesk>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ServiceItemVersion>(e =>
        {
            e.ToTable("service_item_versions");
            e.HasKey(i => new { i.ItemId, i.Version });
            e.Property(i => i.ItemId).HasMaxLength(64);
            e.Property(i => i.Name).HasMaxLength(200);
            e.Property(i => i.ApprovingUnitId).HasMaxLength(64);
            e.Property(i => i.PublishedBy).HasMaxLength(128);
            AsJson(e.Property(i => i.ParallelUnitIds));
            AsJson(e.Property(i => i.ProcedureSteps));
            AsJson(e.Property(i => i.Materials));
        });
        modelBuilder.Entity<Ticket>(e =>
        {
            e.ToTable("tickets");
            e.HasKey(t => t.TicketId);
            e.Property(t => t.TicketId).HasMaxLength(64);
            e.Property(t => t.RequestId).HasMaxLength(64);
            e.HasIndex(t => t.RequestId).IsUnique();
            e.Property(t => t.Number).HasMaxLength(16);
            e.HasIndex(t => new { t.Day, t.Number }).IsUnique();
            e.Property(t => t.ItemId).HasMaxLength(64);
            e.Property(t => t.WindowId).HasMaxLength(64);
            e.Property(t => t.StaffId).HasMaxLength(64);
            e.Property(t => t.FirstStaffId).HasMaxLength(64);
            e.Property(t => t.TransferredToWindowId).HasMaxLength(64);
            e.Property(t => t.TransferReason).HasMaxLength(200);
            e.HasIndex(t => new { t.Status, t.QueuedAt });
            // Two windows calling at once: the second to save the same ticket fails and calls again.
            e.Property(t => t.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<TicketCounter>(e =>
        {
            e.ToTable("ticket_counters");
            e.HasKey(c => c.DayKey);
            e.Property(c => c.DayKey).HasMaxLength(10);
        });
        modelBuilder.Entity<WindowDesk>(e =>
        {
            e.ToTable("window_desks");
            e.HasKey(w => w.WindowId);
            e.Property(w => w.WindowId).HasMaxLength(64);
            e.Property(w => w.UnitId).HasMaxLength(64);
            e.Property(w => w.PausedReason).HasMaxLength(200);
            AsJson(e.Property(w => w.ItemIds));
        });
    }

    private static void AsJson<T>(PropertyBuilder<IReadOnlyList<T>> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>(),
                new ValueComparer<IReadOnlyList<T>>(
                    (a, b) => (a ?? new List<T>()).SequenceEqual(b ?? new List<T>()),
                    v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                    v => v.ToList()))
            .HasColumnType("text");
}

/// <summary>The last ticket number given out on a day (hall calendar).</summary>
public sealed class TicketCounter
{
    public required string DayKey { get; init; }

    public int Last { get; set; }
}
