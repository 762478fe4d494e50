using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>
/// Moves the stored answers of calls with a request id (they may hold personal data) to the current key: the answers
/// not sealed with it, oldest first. Its position is how many unreadable answers it has passed, which stay where they are.
/// </summary>
public sealed class ClientRequestMover<TContext>(TContext db, PersonalDataProtector protector) : ISealedDataMover<TContext>
    where TContext : ServiceDbContext
{
    public string Table => "client_requests";

    public async Task<MoveProgress> MoveAsync(string? after, int batchSize, CancellationToken cancellationToken)
    {
        var skip = after is null ? 0 : int.Parse(after, CultureInfo.InvariantCulture);
        var prefix = protector.CurrentPrefix;
        var batch = await db.ClientRequests.Where(r => !r.Response.StartsWith(prefix))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.RequestId).Skip(skip).Take(batchSize).ToListAsync(cancellationToken);
        var (moved, damaged) = (0, 0);
        foreach (var request in batch)
        {
            try
            {
                request.Response = protector.Reprotect(request.Response, request.ResponseField());
                moved++;
            }
            catch (DataIntegrityException)
            {
                damaged++;
                db.Entry(request).State = EntityState.Unchanged;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new MoveProgress(batch.Count < batchSize ? null : (skip + damaged).ToString(CultureInfo.InvariantCulture),
            moved, damaged);
    }
}
