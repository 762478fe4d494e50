using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Application;

/// <summary>
/// The client registry: badge readers, kiosks, displays, platforms and trusted systems, what each is bound to and
/// whether it may call. Every change is announced (<see cref="ClientRegistered"/>) so the other services judge a
/// client's token by the same registration.
/// </summary>
public sealed class ClientDesk(AttendanceDbContext db, TimeProvider time, IOptions<HallOptions> hall)
{
    public async Task<MachineClient> RegisterAsync(string clientId, ClientKind kind, string name,
        IReadOnlyCollection<string> windowIds, IReadOnlyCollection<string> unitIds, string registeredBy,
        CancellationToken cancellationToken)
    {
        var once = new CreateOnce<MachineClient>("Client", clientId, c => c.ClientId == clientId,
            c => c.IsSameAs(kind, name, windowIds, unitIds));
        if (await once.FindAsync(db, cancellationToken) is { } there)
            return there;
        var windows = windowIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var windowUnits = await db.Windows.AsNoTracking().Where(w => windows.Contains(w.WindowId))
            .Select(w => new { w.WindowId, w.UnitId }).ToListAsync(cancellationToken);
        if (windows.FirstOrDefault(w => windowUnits.All(found => found.WindowId != w)) is { } missingWindow)
            throw new NotFoundException("Window", missingWindow);
        var units = kind == ClientKind.BadgeReader
            ? windowUnits.Select(w => w.UnitId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : unitIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var knownUnits = await db.Units.AsNoTracking().Where(u => units.Contains(u.UnitId)).Select(u => u.UnitId)
            .ToListAsync(cancellationToken);
        if (units.FirstOrDefault(u => !knownUnits.Contains(u)) is { } missingUnit)
            throw new NotFoundException("Unit", missingUnit);

        var now = time.GetUtcNow();
        var client = new MachineClient
        {
            ClientId = clientId, Kind = kind, Name = name, WindowIds = windows, UnitIds = units,
            RegisteredBy = registeredBy, RegisteredAt = now,
        };
        Announce(client, now);
        return await once.AddAsync(db, client, cancellationToken);
    }

    public async Task<MachineClient> FindAsync(string clientId, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken)
        ?? throw new NotFoundException("Client", clientId);

    /// <summary>Disables or enables a client; asking for the state it is in changes nothing.</summary>
    public async Task<MachineClient> SetEnabledAsync(string clientId, bool enabled, string reason, string changedBy,
        CancellationToken cancellationToken)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken)
                     ?? throw new NotFoundException("Client", clientId);
        if (client.Enabled == enabled)
            return client;
        var now = time.GetUtcNow();
        (client.Enabled, client.ChangedBy, client.ChangedAt, client.ChangeReason) = (enabled, changedBy, now, reason);
        Announce(client, now);
        await db.SaveChangesAsync(cancellationToken);
        return client;
    }

    /// <summary>The clients by id, a page at a time, and the id to continue after (null on the last page).</summary>
    public async Task<(IReadOnlyList<MachineClient> Rows, string? NextAfter)> ListAsync(PageRequest page,
        CancellationToken cancellationToken)
    {
        var after = page.After;
        var rows = await db.Clients.AsNoTracking()
            .Where(c => after == null || c.ClientId.CompareTo(after) > 0)
            .OrderBy(c => c.ClientId).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Paging.Cut(rows, page, c => c.ClientId);
    }

    private void Announce(MachineClient client, DateTimeOffset now) =>
        db.AddEvent(new ClientRegistered(Guid.CreateVersion7(now), now, hall.Value.HallId, client.ClientId,
            client.Kind.ToString(), client.WindowIds.ToList(), client.UnitIds.ToList(), client.Enabled), now);
}
