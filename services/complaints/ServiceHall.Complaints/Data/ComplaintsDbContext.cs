using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data;

/// <summary>The complaints service's database: complaints, reviews with rectification and appeal, suggestions.</summary>
public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : ServiceDbContext(options)
{

    public DbSet<ComplaintFile> Complaints => Set<ComplaintFile>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<Suggestion> Suggestions => Set<Suggestion>();

    public DbSet<ServedVisit> ServedVisits => Set<ServedVisit>();

    public DbSet<WindowUnit> WindowUnits => Set<WindowUnit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ComplaintFile>(e =>
        {
            e.ToTable("complaints");
            e.HasKey(c => c.ComplaintId);
            e.Property(c => c.ComplaintId).HasMaxLength(64);
            e.Property(c => c.RequestId).HasMaxLength(64);
            e.HasIndex(c => c.RequestId).IsUnique();
            e.Property(c => c.WindowId).HasMaxLength(64);
            e.Property(c => c.StaffId).HasMaxLength(64);
            e.Property(c => c.CaseId).HasMaxLength(64);
            e.HasIndex(c => new { c.Status, c.DueAt });
            e.HasIndex(c => c.ReceivedAt);
            e.Property(c => c.EvidenceProtected).HasJsonListConversion();
            e.Property(c => c.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<Review>(e =>
        {
            e.ToTable("reviews");
            e.HasKey(r => r.ReviewId);
            e.Property(r => r.ReviewId).HasMaxLength(64);
            e.Property(r => r.RequestId).HasMaxLength(64);
            e.HasIndex(r => r.RequestId).IsUnique();
            // One review per ticket and per case (NULLs do not collide in a unique index).
            e.Property(r => r.TicketId).HasMaxLength(64);
            e.HasIndex(r => r.TicketId).IsUnique();
            e.Property(r => r.CaseId).HasMaxLength(64);
            e.HasIndex(r => r.CaseId).IsUnique();
            e.Property(r => r.WindowId).HasMaxLength(64);
            e.Property(r => r.StaffId).HasMaxLength(64);
            e.Property(r => r.AppealedBy).HasMaxLength(128);
            e.Property(r => r.AppealDecidedBy).HasMaxLength(128);
            e.Property(r => r.AppealReason).HasMaxLength(2000);
            e.Property(r => r.AppealDecisionReason).HasMaxLength(2000);
            e.HasIndex(r => r.SubmittedAt);
            e.Ignore(r => r.Bad);
            e.Property(r => r.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<Suggestion>(e =>
        {
            e.ToTable("suggestions");
            e.HasKey(s => s.SuggestionId);
            e.Property(s => s.SuggestionId).HasMaxLength(64);
            e.Property(s => s.RequestId).HasMaxLength(64);
            e.HasIndex(s => s.RequestId).IsUnique();
            e.Property(s => s.Answer).HasMaxLength(4000);
            e.HasIndex(s => s.SubmittedAt);
        });
        modelBuilder.Entity<ServedVisit>(e =>
        {
            e.ToTable("served_visits");
            e.HasKey(v => v.Key);
            e.Property(v => v.Key).HasMaxLength(80);
            e.Property(v => v.WindowId).HasMaxLength(64);
            e.Property(v => v.StaffId).HasMaxLength(64);
        });
        modelBuilder.Entity<WindowUnit>(e =>
        {
            e.ToTable("window_units");
            e.HasKey(w => w.WindowId);
            e.Property(w => w.WindowId).HasMaxLength(64);
            e.Property(w => w.UnitId).HasMaxLength(64);
        });
    }
}
