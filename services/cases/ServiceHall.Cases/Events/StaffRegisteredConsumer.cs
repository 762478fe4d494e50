using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Domain;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Cases.Events;

/// <summary>
/// Keeps the cases service's copy of the staff registry (unit and roles of each staff member; attendance owns the
/// registry). An announcement older than the one applied is ignored.
/// </summary>
[InboxKey("StaffRegisteredConsumer")]
public sealed class StaffRegisteredConsumer(CasesDbContext db, TimeProvider time, ILogger<StaffRegisteredConsumer> logger)
    : IdempotentConsumer<CasesDbContext, StaffRegistered>(db, time, logger)
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
        (staff.UnitId, staff.WindowId, staff.Roles, staff.AsOf) =
            (message.UnitId, message.WindowId, message.Roles.ToList(), message.OccurredAt);
    }
}
