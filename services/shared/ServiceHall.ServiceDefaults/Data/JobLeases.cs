using Microsoft.EntityFrameworkCore;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>Takes and renews job leases in a service's own database (PostgreSQL or SQLite alike).</summary>
public static class JobLeases
{
    /// <summary>A holder id unique to this process and host instance.</summary>
    public static string NewHolderId() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="ttl"/>, when
    /// it is free, expired, or already this holder's. False when another holder has it.
    /// </summary>
    public static async Task<bool> TryAcquireAsync(this ServiceDbContext db, string name, string holder, TimeSpan ttl,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var expires = now + ttl;
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, expires),
                cancellationToken);
        if (taken == 1)
            return true;
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
            return false;
        db.Leases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = expires });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return false; // another instance created it first
        }
    }

    /// <summary>
    /// Gives the lease up (a holder stopping): another instance takes it at its next look instead of waiting for it
    /// to expire. Nothing happens when another holder has it.
    /// </summary>
    public static Task<int> ReleaseAsync(this ServiceDbContext db, string name, string holder,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Leases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(cancellationToken);
    }
}
