using System.Collections.Concurrent;
using Grpc.Core;

namespace ServiceHall.FaultHarness;

/// <summary>How a command ended for the client.</summary>
public enum Outcome
{
    /// <summary>Answered OK: its effect must exist, once.</summary>
    Ok,

    /// <summary>Refused with a definite status (invalid, not found, precondition…): it must have no effect.</summary>
    Refused,

    /// <summary>No definite answer within the retry budget: its effect may or may not exist (never twice).</summary>
    Unknown,
}

public sealed record PunchEntry(int Worker, string PunchId, string StaffId, DateOnly Day, bool Late, Outcome Outcome);

public sealed record TicketEntry(int Worker, string RequestId, string? TicketId, Outcome Outcome);

public sealed record CaseEntry(int Worker, string RequestId, string? CaseId, Outcome Outcome);

public sealed record ReviewEntry(int Worker, string RequestId, string TicketId, string? ReviewId, Outcome Outcome);

/// <summary>Every command the workload sent and how it ended; the effects it must find afterwards.</summary>
public sealed class Ledger
{
    private readonly ConcurrentDictionary<string, int> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<StatusCode, int> _failures = new();
    private int _attempts;
    private int _overran;

    public ConcurrentQueue<PunchEntry> Punches { get; } = new();

    public ConcurrentQueue<TicketEntry> Tickets { get; } = new();

    /// <summary>Tickets whose service was finished (answered OK): a ServiceFinished event each.</summary>
    public ConcurrentQueue<string> FinishedTickets { get; } = new();

    public ConcurrentQueue<CaseEntry> Cases { get; } = new();

    public ConcurrentQueue<ReviewEntry> Reviews { get; } = new();

    /// <summary>Logical commands per RPC (a retry of the same request id is the same command).</summary>
    public IReadOnlyDictionary<string, int> Sent => _sent;

    /// <summary>Failed attempts by status (each was retried with the same request id, or ended the command).</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => _failures;

    public int Attempts => _attempts;

    /// <summary>Calls that came back later than their deadline allows (a hang past the deadline).</summary>
    public int Overran => _overran;

    public int CommandsSent => _sent.Values.Sum();

    public int Ok => Punches.Count(p => p.Outcome == Outcome.Ok) + Tickets.Count(t => t.Outcome == Outcome.Ok) +
                     Cases.Count(c => c.Outcome == Outcome.Ok) + Reviews.Count(r => r.Outcome == Outcome.Ok);

    public int Refused => Punches.Count(p => p.Outcome == Outcome.Refused) +
                          Tickets.Count(t => t.Outcome == Outcome.Refused) +
                          Cases.Count(c => c.Outcome == Outcome.Refused) +
                          Reviews.Count(r => r.Outcome == Outcome.Refused);

    public int Unknown => Punches.Count(p => p.Outcome == Outcome.Unknown) +
                          Tickets.Count(t => t.Outcome == Outcome.Unknown) +
                          Cases.Count(c => c.Outcome == Outcome.Unknown) +
                          Reviews.Count(r => r.Outcome == Outcome.Unknown);

    internal void CountCommand(string rpc) => _sent.AddOrUpdate(rpc, 1, (_, n) => n + 1);

    internal void CountAttempt() => Interlocked.Increment(ref _attempts);

    internal void CountFailure(StatusCode status) => _failures.AddOrUpdate(status, 1, (_, n) => n + 1);

    internal void CountOverrun() => Interlocked.Increment(ref _overran);

    public string DescribeFailures() => _failures.IsEmpty
        ? "none"
        : string.Join(", ", _failures.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"));
}
