using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceHall.Complaints.Data;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Application;

/// <summary>Looks for overdue complaints every <see cref="ComplaintsOptions.EscalationCheckInterval"/>, on one instance.</summary>
public sealed class ComplaintEscalationJob(
    IServiceScopeFactory scopes, IOptions<ComplaintsOptions> options, TimeProvider time,
    ILogger<ComplaintEscalationJob> logger)
    : LeasedJob<ComplaintsDbContext>(scopes, time, logger)
{
    protected override string LeaseName => "complaints.escalation";

    protected override TimeSpan Interval => options.Value.EscalationCheckInterval;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ComplaintDesk>().EscalateAsync(cancellationToken);
}
