using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data.Configurations;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases.Data;

/// <summary>The cases service's database: the catalogue, tickets, windows' items, cases and their clocks.</summary>
public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : ServiceDbContext(options), IStaffRegistryCopy
{
    public DbSet<ServiceItemVersion> ItemVersions => Set<ServiceItemVersion>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketCounter> TicketCounters => Set<TicketCounter>();

    public DbSet<ServingWindow> Windows => Set<ServingWindow>();

    public DbSet<CaseFile> Cases => Set<CaseFile>();

    public DbSet<ApprovalBranch> Branches => Set<ApprovalBranch>();

    public DbSet<CaseNotice> Notices => Set<CaseNotice>();

    public DbSet<ServiceSession> Sessions => Set<ServiceSession>();

    public DbSet<RegisteredStaff> Staff => Set<RegisteredStaff>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // One configuration class per entity: Data/Configurations/.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CasesDbContext).Assembly);
        modelBuilder.ApplyConfiguration(new RegisteredStaffConfiguration());
    }
}
