using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Contracts.Attendance;
using Microsoft.Extensions.Hosting;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Keeps a service's copy of the staff registry (unit, roles and whether each staff member is active; attendance owns
/// the registry).
/// An announcement older than the one applied is ignored.
/// </summary>
[InboxKey("StaffRegisteredConsumer")]
public sealed class StaffRegisteredConsumer<TContext>(TContext db, TimeProvider time,
    ILogger<StaffRegisteredConsumer<TContext>> logger)
    : IdempotentConsumer<TContext, StaffRegistered>(db, time, logger)
    where TContext : ServiceDbContext, IStaffRegistryCopy
{
    protected override async Task HandleAsync(StaffRegistered message, CancellationToken cancellationToken)
    {
        var staff = await Db.Staff.FirstOrDefaultAsync(s => s.StaffId == message.StaffId, cancellationToken);
        if (staff is null)
        {
            staff = new RegisteredStaff { StaffId = message.StaffId, UnitId = message.UnitId };
            Db.Staff.Add(staff);
        }
        else if (staff.AsOf > message.OccurredAt)
        {
            return;
        }
        (staff.UnitId, staff.WindowId, staff.Roles, staff.Disabled, staff.AsOf) =
            (message.UnitId, message.WindowId, message.Roles.ToList(), !message.Active, message.OccurredAt);
    }
}

public static class StaffRegistryCopyExtensions
{
    /// <summary>The service keeps a copy of the staff registry, fed by <c>StaffRegistered</c>.</summary>
    public static IHostApplicationBuilder AddStaffRegistryCopy<TContext>(this IHostApplicationBuilder builder,
        string service)
        where TContext : ServiceDbContext, IStaffRegistryCopy =>
        builder.AddEventConsumer<StaffRegisteredConsumer<TContext>>(service);

    /// <summary>A staff member as the copy has them (roles as token roles); null when unknown.</summary>
    public static async Task<RegistryEntry?> FindStaffEntryAsync(this IStaffRegistryCopy db, string staffId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
        return staff is null
            ? null
            : new RegistryEntry(staff.UnitId, staff.Roles.Select(Roles.FromRegistry).OfType<string>().ToList(),
                Active: !staff.Disabled);
    }
}
