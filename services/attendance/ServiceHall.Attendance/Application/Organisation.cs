using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.Attendance.Application;

/// <summary>Windows and the staff rostered at them.</summary>
public sealed class Organisation(AttendanceDbContext db, TimeProvider time)
{
    public async Task CreateWindowAsync(string windowId, string unitId, string name,
        CancellationToken cancellationToken)
    {
        if (await db.Windows.AnyAsync(w => w.WindowId == windowId, cancellationToken))
            throw GrpcErrors.AlreadyExists("Window", windowId);
        var now = time.GetUtcNow();
        db.Windows.Add(new Window { WindowId = windowId, UnitId = unitId, Name = name, CreatedAt = now, StateChangedAt = now });
        await SaveOrAlreadyExistsAsync("Window", windowId, cancellationToken);
    }

    public async Task RegisterStaffAsync(string staffId, string displayName, string unitId, string windowId,
        CancellationToken cancellationToken)
    {
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.WindowId == windowId,
                         cancellationToken)
                     ?? throw GrpcErrors.NotFound("Window", windowId);
        if (!string.Equals(window.UnitId, unitId, StringComparison.Ordinal))
        {
            throw GrpcErrors.FailedPrecondition(
                $"Window '{windowId}' belongs to unit '{window.UnitId}', not to unit '{unitId}'.");
        }
        if (await db.Staff.AnyAsync(s => s.StaffId == staffId, cancellationToken))
            throw GrpcErrors.AlreadyExists("Staff member", staffId);
        db.Staff.Add(new StaffMember
        {
            StaffId = staffId, DisplayName = displayName, UnitId = unitId, WindowId = windowId,
            RegisteredAt = time.GetUtcNow(),
        });
        await SaveOrAlreadyExistsAsync("Staff member", staffId, cancellationToken);
    }

    private async Task SaveOrAlreadyExistsAsync(string what, string id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Created concurrently by another request.
            throw GrpcErrors.AlreadyExists(what, id);
        }
    }
}
