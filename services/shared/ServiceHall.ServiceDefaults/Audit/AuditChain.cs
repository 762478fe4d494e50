using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>What a walk along a chain found.</summary>
public sealed record AuditVerification(long Records, long FirstBrokenSequence, string Problem, long HeadSequence,
    string HeadHash)
{
    public bool Intact => FirstBrokenSequence == 0;
}

/// <summary>
/// The hash chain: each record's hash is SHA-256 over the previous hash and every field of the record, so changing a
/// field, removing a record or reordering them breaks every link from there on.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string HashOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var canonical = string.Join('\u001f',
            record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            record.HallTime, record.Subject, record.ClientId, record.Roles, record.Peer, record.Service, record.Method,
            record.ObjectIds, record.Kind, record.Outcome, record.RequestId, record.TraceId, record.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Walks records in sequence order and reports the first broken link, if any; from <paramref name="after"/> (the
    /// last archived sequence and its hash) when the chain's beginning is archived.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, (long Sequence, string Hash)? after = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var walk = new Walk(after);
        foreach (var record in records)
        {
            if (walk.Step(record) is { } broken)
                return broken;
        }
        return walk.End();
    }

    /// <summary><see cref="Verify"/> over records read as they come (a chain may hold millions).</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> records,
        CancellationToken cancellationToken, (long Sequence, string Hash)? after = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var walk = new Walk(after);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (walk.Step(record) is { } broken)
                return broken;
        }
        return walk.End();
    }

    private sealed class Walk((long Sequence, string Hash)? after)
    {
        private long _count;
        private long _expected = (after?.Sequence ?? 0) + 1;
        private string _previous = after?.Hash ?? Genesis;

        public AuditVerification? Step(AuditRecord record)
        {
            _count++;
            if (record.Sequence != _expected)
            {
                return new AuditVerification(_count, _expected,
                    record.Sequence > _expected
                        ? $"sequence {_expected} is missing (the next record is {record.Sequence}): a record was deleted"
                        : $"sequence {record.Sequence} is out of order", record.Sequence, record.Hash);
            }
            if (!string.Equals(record.PreviousHash, _previous, StringComparison.Ordinal))
                return new AuditVerification(_count, record.Sequence, "its previous hash is not the hash of the record before", record.Sequence, record.Hash);
            if (!string.Equals(HashOf(record), record.Hash, StringComparison.Ordinal))
                return new AuditVerification(_count, record.Sequence, "its hash does not match its content: the record was changed", record.Sequence, record.Hash);
            (_expected, _previous) = (_expected + 1, record.Hash);
            return null;
        }

        public AuditVerification End() => new(_count, 0, "", _expected - 1, _previous);
    }
}
