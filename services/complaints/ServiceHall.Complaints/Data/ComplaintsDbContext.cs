using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data;

/// <summary>The complaints service's database; for now only its outbox and inbox.</summary>
public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : ServiceDbContext(options);
