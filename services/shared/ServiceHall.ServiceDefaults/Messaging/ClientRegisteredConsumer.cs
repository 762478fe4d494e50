using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Keeps a service's copy of attendance's client registry (<see cref="RegisteredClient"/>). An announcement older than
/// the one applied is ignored.
/// </summary>
[InboxKey("ClientRegisteredConsumer")]
public sealed class ClientRegisteredConsumer<TContext>(TContext db, TimeProvider time,
    ILogger<ClientRegisteredConsumer<TContext>> logger)
    : IdempotentConsumer<TContext, ClientRegistered>(db, time, logger)
    where TContext : ServiceDbContext
{
    protected override async Task HandleAsync(ClientRegistered message, CancellationToken cancellationToken)
    {
        var client = await Db.RegisteredClients.FirstOrDefaultAsync(c => c.ClientId == message.ClientId, cancellationToken);
        if (client is null)
        {
            client = new RegisteredClient { ClientId = message.ClientId, Kind = message.Kind };
            Db.RegisteredClients.Add(client);
        }
        else if (client.AsOf > message.OccurredAt)
        {
            return;
        }
        (client.Kind, client.WindowIds, client.UnitIds, client.Enabled, client.AsOf) =
            (message.Kind, message.WindowIds.ToList(), message.UnitIds.ToList(), message.Enabled, message.OccurredAt);
    }
}

public static class ClientRegistryCopyExtensions
{
    /// <summary>The service keeps a copy of the client registry, fed by <c>ClientRegistered</c>.</summary>
    public static IHostApplicationBuilder AddClientRegistryCopy<TContext>(this IHostApplicationBuilder builder,
        string service)
        where TContext : ServiceDbContext =>
        builder.AddEventConsumer<ClientRegisteredConsumer<TContext>>(service);

    /// <summary>A client as this service's copy of the registry has it; null when unknown.</summary>
    public static async Task<ClientEntry?> FindClientEntryAsync(this ServiceDbContext db, string clientId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.RegisteredClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId,
            cancellationToken))?.ToEntry();
    }
}
