using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Complaints.Data;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Complaints.Application;

/// <summary>
/// The anonymous box cannot be flooded: an anonymous complaint, review or suggestion is refused with
/// RESOURCE_EXHAUSTED (and when to retry) once its source, or the whole hall, has made the hour's allowance. Counted in
/// the database by hall time, so every instance of the service sees the same counts.
/// </summary>
public sealed class SubmissionLimit(
    ComplaintsDbContext db, PersonalDataProtector protector, IOptions<ComplaintsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The keyed hash stored with a submission from <paramref name="sourceId"/>.</summary>
    public string HashOf(string sourceId) => protector.LookupHash("source:" + sourceId);

    public async Task CheckAnonymousAsync(string sourceId, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - Window;
        // Under every key of the ring: a rotation within the hour does not reset the source's count.
        var hashes = protector.LookupHashes("source:" + sourceId);
        var fromSource = await SinceAsync(since, hashes, cancellationToken);
        if (fromSource.Count >= options.Value.AnonymousPerSourcePerHour)
        {
            throw new LimitReachedException(
                $"This source has made {fromSource.Count} anonymous submissions in the last hour (the limit is " +
                $"{options.Value.AnonymousPerSourcePerHour}); try again later or give a name.",
                fromSource.Min() + Window - time.GetUtcNow());
        }
        var fromHall = await SinceAsync(since, null, cancellationToken);
        if (fromHall.Count >= options.Value.AnonymousPerHallPerHour)
        {
            throw new LimitReachedException(
                $"The hall has taken {fromHall.Count} anonymous submissions in the last hour (the limit is " +
                $"{options.Value.AnonymousPerHallPerHour}); try again later or give a name.",
                fromHall.Min() + Window - time.GetUtcNow());
        }
    }

    private async Task<List<DateTimeOffset>> SinceAsync(DateTimeOffset since, IReadOnlyList<string>? hashes,
        CancellationToken cancellationToken)
    {
        var complaints = await db.Complaints.AsNoTracking()
            .Where(c => c.Anonymous && c.ReceivedAt > since && (hashes == null || hashes.Contains(c.SourceHash!)))
            .Select(c => c.ReceivedAt).ToListAsync(cancellationToken);
        var reviews = await db.Reviews.AsNoTracking()
            .Where(r => r.Anonymous && r.SubmittedAt > since && (hashes == null || hashes.Contains(r.SourceHash!)))
            .Select(r => r.SubmittedAt).ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => s.Anonymous && s.SubmittedAt > since && (hashes == null || hashes.Contains(s.SourceHash!)))
            .Select(s => s.SubmittedAt).ToListAsync(cancellationToken);
        return [.. complaints, .. reviews, .. suggestions];
    }
}
