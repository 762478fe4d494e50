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
        // One configuration class per entity: Data/Configurations/.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ComplaintsDbContext).Assembly);
    }
}
