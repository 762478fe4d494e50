using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Discipline.Data;

public sealed class DisciplineDbContext(DbContextOptions<DisciplineDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Violation> Violations => Set<Violation>();

    public DbSet<FactWithdrawal> FactWithdrawals => Set<FactWithdrawal>();

    public DbSet<DirectoryEntry> Directory => Set<DirectoryEntry>();

    public DbSet<Sanction> Sanctions => Set<Sanction>();

    public DbSet<StaffFile> StaffFiles => Set<StaffFile>();

    public DbSet<ComplaintFinding> ComplaintFindings => Set<ComplaintFinding>();

    public DbSet<RuleVersion> RuleVersions => Set<RuleVersion>();

    public DbSet<BriefFact> BriefFacts => Set<BriefFact>();

    public DbSet<ReviewFact> ReviewFacts => Set<ReviewFact>();

    public DbSet<AwardProposal> AwardProposals => Set<AwardProposal>();

    public DbSet<WindowUnit> WindowUnits => Set<WindowUnit>();

    public DbSet<RectificationItem> RectificationItems => Set<RectificationItem>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<InspectionFinding> InspectionFindings => Set<InspectionFinding>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<RuleVersion>(e =>
        {
            e.ToTable("rule_versions");
            e.HasKey(r => new { r.RuleId, r.Version });
            e.Property(r => r.RuleId).HasMaxLength(32);
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.Article).HasMaxLength(2000);
            e.Property(r => r.DraftedBy).HasMaxLength(128);
            e.Property(r => r.ApprovedBy).HasMaxLength(128);
            e.Property(r => r.CountedKinds)
                .HasCommaListConversion(k => ((int)k).ToString(CultureInfo.InvariantCulture),
                    k => (ViolationKind)int.Parse(k, CultureInfo.InvariantCulture))
                .HasMaxLength(100);
            e.Property(r => r.Details).HasCommaListConversion(d => d, d => d).HasMaxLength(500);
            e.Ignore(r => r.Citation);
        });
        modelBuilder.Entity<BriefFact>(e =>
        {
            e.ToTable("brief_facts");
            e.HasKey(f => f.EventId);
            e.Property(f => f.WindowId).HasMaxLength(64);
            e.Property(f => f.RefId).HasMaxLength(64);
            e.Property(f => f.TicketId).HasMaxLength(64);
            e.HasIndex(f => f.Day);
            e.HasIndex(f => new { f.Kind, f.RefId });
        });
        modelBuilder.Entity<ReviewFact>(e =>
        {
            e.ToTable("review_facts");
            e.HasKey(r => r.ReviewId);
            e.Property(r => r.ReviewId).HasMaxLength(64);
            e.Property(r => r.StaffId).HasMaxLength(64);
            e.HasIndex(r => r.Day);
        });
        modelBuilder.Entity<AwardProposal>(e =>
        {
            e.ToTable("award_proposals");
            e.HasKey(p => p.ProposalId);
            e.Property(p => p.StaffId).HasMaxLength(64);
            e.Property(p => p.ConfirmedBy).HasMaxLength(128);
            e.HasIndex(p => new { p.StaffId, p.From, p.To }).IsUnique();
        });
        modelBuilder.Entity<WindowUnit>(e =>
        {
            e.ToTable("window_units");
            e.HasKey(w => w.WindowId);
            e.Property(w => w.WindowId).HasMaxLength(64);
            e.Property(w => w.UnitId).HasMaxLength(64);
        });
        modelBuilder.Entity<RectificationItem>(e =>
        {
            e.ToTable("rectification_items");
            e.HasKey(i => i.ItemId);
            e.Property(i => i.UnitId).HasMaxLength(64);
            e.Property(i => i.Title).HasMaxLength(500);
            e.Property(i => i.Owner).HasMaxLength(64);
            e.Property(i => i.RaisedBy).HasMaxLength(128);
            e.Property(i => i.ClosingNote).HasMaxLength(1000);
            e.HasIndex(i => i.ClosedOn);
        });
        modelBuilder.Entity<Inspection>(e =>
        {
            e.ToTable("inspections");
            e.HasKey(i => i.InspectionId);
            e.Property(i => i.InspectionId).HasMaxLength(64);
            e.Property(i => i.InspectorId).HasMaxLength(128);
            e.Property(i => i.Notes).HasMaxLength(2000);
            e.HasIndex(i => i.Day);
        });
        modelBuilder.Entity<InspectionFinding>(e =>
        {
            e.ToTable("inspection_findings");
            e.HasKey(f => f.FindingId);
            e.Property(f => f.InspectionId).HasMaxLength(64);
            e.Property(f => f.StaffId).HasMaxLength(64);
            e.Property(f => f.WindowId).HasMaxLength(64);
            e.Property(f => f.Note).HasMaxLength(1000);
            e.HasIndex(f => f.InspectionId);
            e.HasIndex(f => f.StaffId);
        });
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
        modelBuilder.Entity<Violation>(e =>
        {
            e.ToTable("attendance_violations");
            e.HasKey(v => v.EventId);
            e.Property(v => v.StaffId).HasMaxLength(64);
            e.HasIndex(v => new { v.StaffId, v.WeekStart });
            e.Property(v => v.Detail).HasMaxLength(64);
            e.Property(v => v.WindowId).HasMaxLength(64);
            e.Property(v => v.WithdrawnReason).HasMaxLength(500);
            e.HasIndex(v => v.WorkDate);
        });
        modelBuilder.Entity<DirectoryEntry>(e =>
        {
            e.ToTable("directory_entries");
            e.HasKey(d => new { d.Kind, d.Id });
            e.Property(d => d.Id).HasMaxLength(64);
            e.Property(d => d.Name).HasMaxLength(200);
            e.Property(d => d.UnitId).HasMaxLength(64);
            e.Property(d => d.Roles).HasJsonListConversion().HasMaxLength(500);
            e.HasIndex(d => d.UnitId);
        });
        modelBuilder.Entity<FactWithdrawal>(e =>
        {
            e.ToTable("fact_withdrawals");
            e.HasKey(w => w.FactEventId);
            e.Property(w => w.Reason).HasMaxLength(500);
        });
        modelBuilder.Entity<Sanction>(e =>
        {
            e.ToTable("sanctions");
            e.HasKey(s => s.SanctionId);
            e.Property(s => s.StaffId).HasMaxLength(64);
            e.Property(s => s.RuleVersion).HasMaxLength(64);
            e.Property(s => s.DedupKey).HasMaxLength(200);
            e.HasIndex(s => s.DedupKey).IsUnique();
            e.Property(s => s.AppealReason).HasMaxLength(2000);
            e.Property(s => s.ConfirmedBy).HasMaxLength(128);
            e.Property(s => s.AppealDecidedBy).HasMaxLength(128);
            e.Property(s => s.AppealDecisionReason).HasMaxLength(2000);
            e.Property(s => s.RevocationReason).HasMaxLength(700);
            e.Property(s => s.IssueReason).HasMaxLength(1000);
            e.HasIndex(s => new { s.StaffId, s.Year });
            // Evidence as a comma-separated list: portable across PostgreSQL and SQLite.
            e.Property(s => s.EvidenceEventIds)
                .HasCommaListConversion(id => id.ToString(), Guid.Parse)
                .HasMaxLength(4000);
        });
    }
}
