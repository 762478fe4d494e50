using Microsoft.EntityFrameworkCore;
using ServiceHall.Calendar;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Discipline.Application;

/// <summary>The Monday brief (R1.2) and its rectification items, carried forward until closed.</summary>
public sealed class BriefDesk(DisciplineDbContext db, WorkCalendar calendar, TimeProvider time)
{
    public async Task<IReadOnlyList<UnitBrief>> BuildAsync(DateOnly weekStart, CancellationToken cancellationToken)
    {
        var weekEnd = weekStart.AddDays(6);
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var units = await db.WindowUnits.AsNoTracking()
            .ToDictionaryAsync(w => w.WindowId, w => w.UnitId, StringComparer.Ordinal, cancellationToken);
        // Facts of the week, and the ticket and acceptance facts a week's case facts may refer back to.
        var facts = await db.BriefFacts.AsNoTracking()
            .Where(f => (f.Day >= weekStart && f.Day <= weekEnd) ||
                        ((f.Kind == BriefFactKind.TicketServed || f.Kind == BriefFactKind.CaseAccepted) &&
                         f.Day >= weekStart.AddDays(-60) && f.Day <= weekEnd))
            .ToListAsync(cancellationToken);
        var violations = await db.Violations.AsNoTracking()
            .Where(v => v.WorkDate >= weekStart && v.WorkDate <= weekEnd && v.WithdrawnAt == null)
            .ToListAsync(cancellationToken);
        var items = await db.RectificationItems.AsNoTracking()
            .Where(i => i.ClosedOn == null || i.ClosedOn > weekEnd).ToListAsync(cancellationToken);
        return MondayBrief.Build(weekStart, units, facts, violations, items);
    }

    /// <summary>Names of units and staff as attendance's registry announced them, by id, for what the brief prints.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        (await db.Directory.AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken))
        .GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    public async Task<RectificationItem> AddItemAsync(string unitId, string title, string owner, DateOnly dueDate,
        string raisedBy, CancellationToken cancellationToken)
    {
        var item = new RectificationItem
        {
            ItemId = Guid.CreateVersion7(time.GetUtcNow()), UnitId = unitId, Title = title, Owner = owner,
            DueDate = dueDate, RaisedOn = Today(), RaisedBy = raisedBy,
        };
        db.RectificationItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }

    public async Task<RectificationItem> CloseItemAsync(Guid itemId, string note, CancellationToken cancellationToken)
    {
        var item = await db.RectificationItems.FirstOrDefaultAsync(i => i.ItemId == itemId, cancellationToken)
                   ?? throw new NotFoundException("Rectification item", itemId.ToString());
        if (item.ClosedOn is null)
        {
            (item.ClosedOn, item.ClosingNote) = (Today(), note);
            await db.SaveChangesAsync(cancellationToken);
        }
        return item;
    }

    public DateOnly Today() => calendar.DateOf(time.GetUtcNow());
}
