using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Cases.Data;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases.Application;

/// <summary>
/// Every <c>Cases:DeadlineCheckInterval</c> (1 minute) on one instance: deemed acceptance (art. 32) and escalation.
/// </summary>
public sealed class CaseDeadlineJob(
    IServiceScopeFactory scopes, IOptions<CasesOptions> options, TimeProvider time, ILogger<CaseDeadlineJob> logger)
    : LeasedJob<CasesDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "cases.deadlines";

    protected override TimeSpan Interval => options.Value.DeadlineCheckInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var deemed = await services.GetRequiredService<IntakeDesk>().DeemAcceptedAsync(cancellationToken);
        return deemed + await services.GetRequiredService<DeadlineCheck>().EscalateAsync(cancellationToken);
    }
}
