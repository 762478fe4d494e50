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
        // One configuration class per entity: Data/Configurations/.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DisciplineDbContext).Assembly);
    }
}
