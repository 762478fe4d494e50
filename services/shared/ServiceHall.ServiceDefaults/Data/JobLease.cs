namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// Who runs a scheduled job now. Every instance of a service tries to take the lease before running the job; only
/// the holder runs it, until the lease expires without renewal (the holder died) and another instance takes it.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; init; }

    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
