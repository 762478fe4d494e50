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

    public DbSet<ServingWindow> Windows => Set<ServingWindow>();

    public DbSet<CaseFile> Cases => Set<CaseFile>();

    public DbSet<ApprovalBranch> Branches => Set<ApprovalBranch>();

    public DbSet<CaseNotice> Notices => Set<CaseNotice>();

    public DbSet<ServiceSession> Sessions => Set<ServiceSession>();

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
            e.Property(i => i.ParallelUnitIds).HasJsonListConversion();
            e.Property(i => i.ProcedureSteps).HasJsonListConversion();
            e.Property(i => i.Materials).HasJsonListConversion();
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
            e.Property(t => t.TraceParent).HasMaxLength(128);
            e.HasIndex(t => new { t.Status, t.QueuedAt });
            // Two windows calling at once: the second to save the same ticket fails and calls again.
            e.Property(t => t.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<CaseFile>(e =>
        {
            e.ToTable("cases");
            e.HasKey(c => c.CaseId);
            e.Property(c => c.CaseId).HasMaxLength(64);
            e.Property(c => c.RequestId).HasMaxLength(64);
            e.HasIndex(c => c.RequestId).IsUnique();
            e.Property(c => c.CaseNumber).HasMaxLength(32);
            e.HasIndex(c => c.CaseNumber).IsUnique();
            e.Property(c => c.ItemId).HasMaxLength(64);
            e.Property(c => c.TicketId).HasMaxLength(64);
            e.Property(c => c.ResponsibleStaffId).HasMaxLength(64);
            e.Property(c => c.ReceivedBy).HasMaxLength(64);
            e.Property(c => c.AgentStaffId).HasMaxLength(64);
            e.Property(c => c.TraceParent).HasMaxLength(128);
            e.Property(c => c.ApplicantIdLookup).HasMaxLength(64);
            e.HasIndex(c => c.ApplicantIdLookup);
            e.HasIndex(c => new { c.Status, c.DueAt });
            e.HasIndex(c => new { c.Status, c.ReceivedAt });
            e.HasIndex(c => new { c.ItemId, c.ReceivedAt });
            e.Property(c => c.SubmittedMaterialIds).HasJsonListConversion();
            e.Property(c => c.RequiredAtFirstCheck).HasConversion(
                    v => v == null ? null : JsonSerializer.Serialize(v, Json),
                    v => v == null ? null : JsonSerializer.Deserialize<List<string>>(v, Json),
                    new ValueComparer<IReadOnlyList<string>?>(
                        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                        v => v == null ? 0 : v.Count,
                        v => v == null ? null : v.ToList()))
                .HasColumnType("text");
            ClockJson(e.Property(c => c.Clock));
            e.Property(c => c.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<ApprovalBranch>(e =>
        {
            e.ToTable("approval_branches");
            e.HasKey(b => new { b.CaseId, b.UnitId });
            e.Property(b => b.CaseId).HasMaxLength(64);
            e.Property(b => b.UnitId).HasMaxLength(64);
            e.Property(b => b.Reason).HasMaxLength(500);
            e.Property(b => b.DecidedBy).HasMaxLength(128);
            e.HasIndex(b => new { b.Status, b.DueAt });
            ClockJson(e.Property(b => b.Clock));
        });
        modelBuilder.Entity<CaseNotice>(e =>
        {
            e.ToTable("case_notices");
            e.HasKey(n => new { n.CaseId, n.Sequence });
            e.Property(n => n.CaseId).HasMaxLength(64);
            e.Property(n => n.IssuedBy).HasMaxLength(128);
            e.Property(n => n.Reason).HasMaxLength(500);
            e.Property(n => n.OverrideReason).HasMaxLength(500);
            e.Property(n => n.MaterialIds).HasJsonListConversion();
            e.Property(n => n.Violations).HasJsonListConversion();
        });
        modelBuilder.Entity<ServiceSession>(e =>
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
        });
        modelBuilder.Entity<TicketCounter>(e =>
        {
            e.ToTable("ticket_counters");
            e.HasKey(c => c.DayKey);
            e.Property(c => c.DayKey).HasMaxLength(16);
        });
        modelBuilder.Entity<ServingWindow>(e =>
        {
            e.ToTable("window_desks");
            e.HasKey(w => w.WindowId);
            e.Property(w => w.WindowId).HasMaxLength(64);
            e.Property(w => w.UnitId).HasMaxLength(64);
            e.Property(w => w.PausedReason).HasMaxLength(200);
            e.Property(w => w.ItemIds).HasJsonListConversion();
        });
    }

    private static void ClockJson(PropertyBuilder<StoredClock> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<StoredClock>(v, Json) ?? StoredClock.NotStarted,
                new ValueComparer<StoredClock>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => v))
            .HasColumnType("text");
}

/// <summary>The last number given out on a day (hall calendar): tickets under the day, case numbers under C+day.</summary>
public sealed class TicketCounter
{
    public required string DayKey { get; init; }

    public int Last { get; set; }
}
