using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceHall.ServiceDefaults.Data;

public static class TransactionExtensions
{
    /// <summary>
    /// A unit of work's transaction: a new one, or — when the request already runs in one (a call with a client
    /// request id, see <c>IdempotencyInterceptor</c>) — that one, whose commit and rollback stay with its owner.
    /// </summary>
    public static Task<IDbContextTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database,
        CancellationToken cancellationToken) =>
        BeginOrJoinAsync(database, isolation: null, cancellationToken);

    /// <summary>
    /// One consistent view for a read made of several queries: PostgreSQL's REPEATABLE READ (every query sees the same
    /// snapshot), SQLite's transaction (writers wait until it ends). Without it a staff file read while a consumer
    /// commits could show a sanction without the fact it was issued for (each query would see a different moment).
    /// Within a request's own transaction, that one.
    /// </summary>
    public static Task<IDbContextTransaction> BeginReadSnapshotAsync(this DatabaseFacade database,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return BeginOrJoinAsync(database, database.IsNpgsql() ? IsolationLevel.RepeatableRead : null, cancellationToken);
    }

    private static async Task<IDbContextTransaction> BeginOrJoinAsync(DatabaseFacade database, IsolationLevel? isolation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is { } current)
            return new JoinedTransaction(current);
        return isolation is { } level
            ? await database.BeginTransactionAsync(level, cancellationToken)
            : await database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>Part of an outer transaction: committing or rolling back is the outer owner's.</summary>
    private sealed class JoinedTransaction(IDbContextTransaction outer) : IDbContextTransaction
    {
        public Guid TransactionId => outer.TransactionId;

        public void Commit()
        {
        }

        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Rollback()
        {
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
