using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Data.Configurations;

namespace ServiceHall.Complaints.Data;

/// <summary>The complaints service's database: complaints, reviews with rectification and appeal, suggestions.</summary>
public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : ServiceDbContext(options), IStaffRegistryCopy
{

    public DbSet<ComplaintFile> Complaints => Set<ComplaintFile>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<Suggestion> Suggestions => Set<Suggestion>();

    public DbSet<ServedVisit> ServedVisits => Set<ServedVisit>();

    public DbSet<WindowUnit> WindowUnits => Set<WindowUnit>();

    public DbSet<RegisteredStaff> Staff => Set<RegisteredStaff>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // One configuration class per entity: Data/Configurations/.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ComplaintsDbContext).Assembly);
        modelBuilder.ApplyConfiguration(new RegisteredStaffConfiguration());
    }
}
