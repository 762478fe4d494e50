using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace ServiceHall.ServiceDefaults.Data;

public static class ClientRequestRetention
{
    /// <summary>Deletes the recorded answers created before <paramref name="before"/>; returns how many.</summary>
    public static Task<int> ForgetAsync(ServiceDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ClientRequests.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
