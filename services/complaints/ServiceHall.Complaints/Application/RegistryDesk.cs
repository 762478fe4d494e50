using ServiceHall.Complaints.Data;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Complaints.Application;

/// <summary>
/// The complaints service's copy of the client registry, for judging a machine's token (<see cref="IStaffRegistry"/>).
/// It does not know the hall's staff: people's roles stand as their tokens say (unit heads act hall-wide here).
/// </summary>
public sealed class RegistryDesk(ComplaintsDbContext db) : IStaffRegistry
{
    public bool KnowsStaff => false;

    public Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken) =>
        Task.FromResult<RegistryEntry?>(null);

    public Task<ClientEntry?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        db.FindClientEntryAsync(clientId, cancellationToken);
}
