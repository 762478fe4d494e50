using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>The two ways a change is saved when another request may write the same row at the same moment.</summary>
public static class Saving
{
    /// <summary>
    /// Load–change–save: saves a change to a row guarded by its revision; when another change won the race, nothing
    /// is written and the caller gets a <see cref="ConflictException"/> naming the object (ABORTED: read it and try
    /// again).
    /// </summary>
    public static async Task SaveRevisedAsync(this DbContext db, string what, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"{what} '{id}' changed at the same moment; read it and try again.");
        }
    }

    /// <summary>
    /// Saves a row whose key another request may insert at the same moment (one per day, one per window …): the
    /// loser gets a <see cref="ConflictException"/> with <paramref name="message"/> (ABORTED: try again, and the
    /// retry sees the winner's row).
    /// </summary>
    public static async Task SaveOrConflictAsync(this DbContext db, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            throw new ConflictException(message);
        }
    }
}

/// <summary>
/// Create once by the caller's id (a request id, a leave id, a window id …): the same request again answers with what
/// the first created; the same id with different details is <see cref="DuplicateException"/>; two copies racing
/// each other create one row and both answer with it.
/// </summary>
/// <param name="What">The object's name in messages ("Leave", "Window closure").</param>
/// <param name="Id">The caller's id.</param>
/// <param name="Match">Finds the row created under that id.</param>
/// <param name="IsSameRequest">Whether a stored row answers this request; null when any row under the id does.</param>
public sealed record CreateOnce<TEntity>(string What, string Id, Expression<Func<TEntity, bool>> Match,
    Func<TEntity, bool>? IsSameRequest = null)
    where TEntity : class
{
    /// <summary>What the first request with this id created, or null; a different request under the id is refused.</summary>
    public async Task<TEntity?> FindAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.Set<TEntity>().AsNoTracking().FirstOrDefaultAsync(Match, cancellationToken);
        return existing is null || IsSameRequest is null || IsSameRequest(existing)
            ? existing
            : throw new DuplicateException(What, Id, "it was asked for with other details");
    }

    /// <summary>
    /// Adds <paramref name="entity"/> (if not added already) and saves; when the same id was created at the same
    /// moment, answers with that row as <see cref="FindAsync"/> does.
    /// </summary>
    public async Task<TEntity> AddAsync(DbContext db, TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Entry(entity).State == EntityState.Detached)
            db.Set<TEntity>().Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return entity;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return await FindAsync(db, cancellationToken) ?? throw new DuplicateException(What, Id);
        }
    }
}
