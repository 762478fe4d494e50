using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceHall.Calendar;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Discipline.Application;

/// <summary>Puts the default rulebook in place: each default rule a database has no version of yet.</summary>
public sealed class RulebookSeeder(IServiceScopeFactory scopes, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin(); // start-up work is nobody's trace
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisciplineDbContext>();
        var present = await db.RuleVersions.Select(r => r.RuleId).Distinct().ToListAsync(cancellationToken);
        var missing = DefaultRulebook.All(time.GetUtcNow()).Where(r => !present.Contains(r.RuleId)).ToList();
        if (missing.Count == 0)
            return;
        db.RuleVersions.AddRange(missing);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance seeded it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
