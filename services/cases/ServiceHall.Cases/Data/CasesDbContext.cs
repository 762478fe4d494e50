using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases.Data;

/// <summary>The cases service's database; for now only its outbox and inbox.</summary>
public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : ServiceDbContext(options);
