using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Discipline.Data;

public sealed class DisciplineDbContext(DbContextOptions<DisciplineDbContext> options) : ServiceDbContext(options)
{
    public DbSet<AttendanceViolation> Violations => Set<AttendanceViolation>();

    public DbSet<Sanction> Sanctions => Set<Sanction>();

    public DbSet<StaffFile> StaffFiles => Set<StaffFile>();

    public DbSet<ComplaintFinding> ComplaintFindings => Set<ComplaintFinding>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ComplaintFinding>(e =>
        {
            e.ToTable("complaint_findings");
            e.HasKey(f => f.ComplaintId);
            e.Property(f => f.ComplaintId).HasMaxLength(64);
            e.Property(f => f.StaffId).HasMaxLength(64);
            e.Property(f => f.WindowId).HasMaxLength(64);
            e.Property(f => f.Category).HasMaxLength(32);
            e.HasIndex(f => new { f.StaffId, f.Year });
        });
        modelBuilder.Entity<StaffFile>(e =>
        {
            e.ToTable("staff_files");
            e.HasKey(f => f.StaffId);
            e.Property(f => f.StaffId).HasMaxLength(64);
            e.Property(f => f.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<AttendanceViolation>(e =>
        {
            e.ToTable("attendance_violations");
            e.HasKey(v => v.EventId);
            e.Property(v => v.StaffId).HasMaxLength(64);
            e.HasIndex(v => new { v.StaffId, v.WeekStart });
        });
        modelBuilder.Entity<Sanction>(e =>
        {
            e.ToTable("sanctions");
            e.HasKey(s => s.SanctionId);
            e.Property(s => s.StaffId).HasMaxLength(64);
            e.Property(s => s.RuleVersion).HasMaxLength(64);
            e.Property(s => s.DedupKey).HasMaxLength(200);
            e.HasIndex(s => s.DedupKey).IsUnique();
            e.HasIndex(s => new { s.StaffId, s.Year });
            // Evidence as a comma-separated list: portable across PostgreSQL and SQLite.
            e.Property(s => s.EvidenceEventIds)
                .HasConversion(
                    ids => string.Join(',', ids),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList(),
                    new ValueComparer<IReadOnlyList<Guid>>(
                        (a, b) => a!.SequenceEqual(b!),
                        ids => ids.Aggregate(0, (hash, id) => HashCode.Combine(hash, id)),
                        ids => ids.ToList()))
                .HasMaxLength(4000);
        });
    }
}
