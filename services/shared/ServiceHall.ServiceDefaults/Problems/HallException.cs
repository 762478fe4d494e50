namespace ServiceHall.ServiceDefaults.Problems;

/// <summary>
/// What went wrong with a request, in the domain's words. Application code throws these; one place at the edge
/// (<c>Grpc.ErrorInterceptor</c>) turns each into a gRPC status with <c>google.rpc</c> details, so the same code serves
/// a gRPC call, a job or a test without gRPC.
/// </summary>
public abstract class HallException(string message) : Exception(message);

/// <summary>The object the request names does not exist (<c>NOT_FOUND</c>, with <c>google.rpc.ResourceInfo</c>).</summary>
public sealed class NotFoundException(string what, string id)
    : HallException($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>
/// The object exists already, made by a different request (<c>ALREADY_EXISTS</c>, with <c>google.rpc.ResourceInfo</c>).
/// </summary>
public sealed class DuplicateException(string what, string id, string? why = null)
    : HallException($"{what} '{id}' already exists{(why is null ? "." : ": " + why)}")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>
/// A rule refuses the request as things stand (<c>FAILED_PRECONDITION</c>, with one
/// <c>google.rpc.PreconditionFailure</c> violation per breach: the rule id, e.g. "A5" or "R1.7", and the subject,
/// e.g. "window/w-07/2026-11-24").
/// </summary>
public sealed class RuleRefusedException : HallException
{
    public RuleRefusedException(string rule, string subject, string message)
        : this(message, [(rule, subject, message)])
    {
    }

    public RuleRefusedException(string message, IEnumerable<(string Rule, string Subject, string Description)> breaches)
        : base(message)
    {
        Breaches = [.. breaches.Select(b => new RuleBreach(b.Rule, b.Subject, b.Description))];
    }

    public IReadOnlyList<RuleBreach> Breaches { get; }
}

/// <summary>One rule a request breaks, and for which subject.</summary>
public sealed record RuleBreach(string Rule, string Subject, string Description);

/// <summary>The request itself is malformed (<c>INVALID_ARGUMENT</c>, with <c>google.rpc.BadRequest</c>).</summary>
public sealed class InvalidInputException : HallException
{
    public InvalidInputException(string field, string description) : this([new FieldViolation(field, description)])
    {
    }

    public InvalidInputException(IReadOnlyCollection<FieldViolation> violations)
        : base("Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
    {
        Violations = [.. violations];
    }

    public IReadOnlyList<FieldViolation> Violations { get; }
}

/// <summary>One bad field of a request: the proto field name and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>The caller may not do this to this object (<c>PERMISSION_DENIED</c>).</summary>
public sealed class NotPermittedException(string message) : HallException(message);

/// <summary>A limit was reached; try again after <see cref="RetryAfter"/> (<c>RESOURCE_EXHAUSTED</c>, <c>google.rpc.RetryInfo</c>).</summary>
public sealed class LimitReachedException(string message, TimeSpan retryAfter) : HallException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
}

/// <summary>A concurrent change won; nothing was written and the caller may simply try again (<c>ABORTED</c>).</summary>
public sealed class ConflictException(string message) : HallException(message);

/// <summary>
/// Stored data failed its integrity check: altered, moved from another record, or sealed with a key the service no longer
/// holds (<c>DATA_LOSS</c>, <c>google.rpc.ResourceInfo</c> naming the record, never its content).
/// </summary>
public sealed class DataIntegrityException(string what, string id, string message) : HallException(message)
{
    public string What { get; } = what;

    public string Id { get; } = id;
}
