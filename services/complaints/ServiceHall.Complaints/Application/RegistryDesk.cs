using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Data;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Complaints.Application;

/// <summary>
/// The complaints service's copies of the staff and client registries, for judging a caller's token
/// (<see cref="IStaffRegistry"/>), and the unit a complaint or review belongs to — its window's unit, else the unit of
/// the staff member it names — so a unit head handles their own unit's complaints and rectifications only. A complaint
/// about a case alone has no unit here and is the office's; an unknown id reads to a unit head as another unit's.
/// </summary>
public sealed class RegistryDesk(ComplaintsDbContext db) : IStaffRegistry
{
    public Task<RegistryEntry?> FindAsync(string staffId, CancellationToken cancellationToken) =>
        db.FindStaffEntryAsync(staffId, cancellationToken);

    public Task<ClientEntry?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        db.FindClientEntryAsync(clientId, cancellationToken);

    public async Task RequireComplaintUnitAsync(ClaimsPrincipal caller, string complaintId,
        CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var about = await db.Complaints.AsNoTracking().Where(c => c.ComplaintId == complaintId)
            .Select(c => new { c.WindowId, c.StaffId }).FirstOrDefaultAsync(cancellationToken);
        caller.RequireUnit(await UnitOfAsync(about?.WindowId, about?.StaffId, cancellationToken),
            $"complaint '{complaintId}'");
    }

    public async Task RequireReviewUnitAsync(ClaimsPrincipal caller, string reviewId, CancellationToken cancellationToken)
    {
        if (!caller.IsUnitScoped())
            return;
        var about = await db.Reviews.AsNoTracking().Where(r => r.ReviewId == reviewId)
            .Select(r => new { r.WindowId, StaffId = (string?)r.StaffId }).FirstOrDefaultAsync(cancellationToken);
        caller.RequireUnit(await UnitOfAsync(about?.WindowId, about?.StaffId, cancellationToken), $"review '{reviewId}'");
    }

    private async Task<string?> UnitOfAsync(string? windowId, string? staffId, CancellationToken cancellationToken)
    {
        if (windowId is not null &&
            await db.WindowUnits.AsNoTracking().Where(w => w.WindowId == windowId).Select(w => w.UnitId)
                .FirstOrDefaultAsync(cancellationToken) is { } windowUnit)
            return windowUnit;
        return staffId is null
            ? null
            : await db.Staff.AsNoTracking().Where(s => s.StaffId == staffId).Select(s => s.UnitId)
                .FirstOrDefaultAsync(cancellationToken);
    }
}
