using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>
/// One batch's progress over a table: the last key looked at (null when the table is done), what moved, what could not
/// be read, and whether a call changed a record meanwhile (the batch is then left for the next pass).
/// </summary>
public readonly record struct MoveProgress(string? Last, int Moved, int Damaged, bool Conflicted = false);

/// <summary>A table whose sealed values the re-encryption job moves to the current key, a batch at a time in key order.</summary>
public interface ISealedDataMover
{
    /// <summary>The table, for the log.</summary>
    string Table { get; }

    /// <summary>Looks at up to <paramref name="batchSize"/> records after <paramref name="after"/> and moves those on an older key.</summary>
    Task<MoveProgress> MoveAsync(string? after, int batchSize, CancellationToken cancellationToken);
}

/// <summary>A mover of one service's database (the standalone host holds four).</summary>
public interface ISealedDataMover<TContext> : ISealedDataMover;

/// <summary>
/// The common part of a table's mover: records in key order, each given to <see cref="Move"/>, the changed ones saved in
/// one transaction (a record changed meanwhile by a call is left for the next pass: its concurrency token fails the
/// save). A record whose values cannot be opened is counted, never changed.
/// </summary>
public abstract class SealedDataMover<TContext, TEntity>(TContext db, PersonalDataProtector protector)
    : ISealedDataMover<TContext>
    where TContext : DbContext
    where TEntity : class
{
    public abstract string Table { get; }

    /// <summary>The record's key, a string column.</summary>
    protected abstract Expression<Func<TEntity, string>> Key { get; }

    /// <summary>Seals every value of <paramref name="row"/> with the current key (<see cref="Reseal"/>); true when anything changed.</summary>
    protected abstract bool Move(TEntity row);

    public async Task<MoveProgress> MoveAsync(string? after, int batchSize, CancellationToken cancellationToken)
    {
        IQueryable<TEntity> rows = db.Set<TEntity>();
        if (after is not null)
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!,
                Key.Body, Expression.Constant(after));
            rows = rows.Where(Expression.Lambda<Func<TEntity, bool>>(
                Expression.GreaterThan(compare, Expression.Constant(0)), Key.Parameters));
        }
        var batch = await rows.OrderBy(Key).Take(batchSize).ToListAsync(cancellationToken);
        var key = Key.Compile();
        var (moved, damaged, conflicted) = (0, 0, false);
        foreach (var row in batch)
        {
            try
            {
                if (Move(row))
                    moved++;
            }
            catch (DataIntegrityException)
            {
                damaged++;
                db.Entry(row).State = EntityState.Unchanged; // nothing of it is saved
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            (moved, conflicted) = (0, true); // changed by a call meanwhile: the next pass moves it
        }
        db.ChangeTracker.Clear();
        return new MoveProgress(batch.Count < batchSize ? null : key(batch[^1]), moved, damaged, conflicted);
    }

    /// <summary>Seals <paramref name="value"/> (if any) with the current key through <paramref name="set"/>; true when it changed.</summary>
    protected bool Reseal(string? value, PersonalDataField field, Action<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (value is null || protector.IsCurrent(value))
            return false;
        set(protector.Reprotect(value, field));
        return true;
    }
}
