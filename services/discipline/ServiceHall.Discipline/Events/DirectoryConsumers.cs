using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline.Events;

/// <summary>A unit's name, for the brief.</summary>
[InboxKey("UnitRegisteredConsumer")]
public sealed class UnitRegisteredConsumer(DisciplineDbContext db, TimeProvider time, ILogger<UnitRegisteredConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, UnitRegistered>(db, time, logger)
{
    protected override Task HandleAsync(UnitRegistered message, CancellationToken cancellationToken) =>
        DirectoryUpdate.ApplyAsync(Db, DirectoryKind.Unit, message.UnitId, message.Name, null, [], true,
            message.OccurredAt, cancellationToken);
}

/// <summary>A staff member's name, unit and roles, for the brief and for charging a unit's overdue case.</summary>
[InboxKey("StaffRegisteredConsumer")]
public sealed class StaffRegisteredConsumer(DisciplineDbContext db, TimeProvider time, ILogger<StaffRegisteredConsumer> logger)
    : IdempotentConsumer<DisciplineDbContext, StaffRegistered>(db, time, logger)
{
    protected override Task HandleAsync(StaffRegistered message, CancellationToken cancellationToken) =>
        DirectoryUpdate.ApplyAsync(Db, DirectoryKind.Staff, message.StaffId, message.DisplayName, message.UnitId,
            message.Roles, message.Active, message.OccurredAt, cancellationToken);
}

internal static class DirectoryUpdate
{
    /// <summary>Keeps the newest announcement of an entry (redelivered or reordered older ones change nothing).</summary>
    public static async Task ApplyAsync(DisciplineDbContext db, DirectoryKind kind, string id, string name,
        string? unitId, IReadOnlyList<string> roles, bool active, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var entry = await db.Directory.FirstOrDefaultAsync(e => e.Kind == kind && e.Id == id, cancellationToken);
        if (entry is null)
        {
            db.Directory.Add(new DirectoryEntry
                { Kind = kind, Id = id, Name = name, UnitId = unitId, Roles = roles, Disabled = !active, AsOf = asOf });
            return;
        }
        if (entry.AsOf > asOf)
            return;
        (entry.Name, entry.UnitId, entry.Roles, entry.Disabled, entry.AsOf) = (name, unitId, roles, !active, asOf);
    }
}
