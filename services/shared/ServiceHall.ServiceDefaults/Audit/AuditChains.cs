using Google.Protobuf;
using ServiceHall.ServiceDefaults.Grpc;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// The chains this host keeps: one per service it runs (its database), named after the service. Calls of
/// <c>servicehall.&lt;service&gt;.v1</c> are recorded in that service's chain; calls of the audit service itself in the
/// chain their request names, or the first.
/// </summary>
public sealed class AuditChains(IEnumerable<IdempotentService> services)
{
    public sealed record Chain(string Service, string MethodPrefix, Type ContextType);

    private const string AuditPrefix = "/servicehall.audit.v1.";

    public IReadOnlyList<Chain> All { get; } = [.. services.Select(s => new Chain(
        s.MethodPrefix["/servicehall.".Length..^".v1.".Length], s.MethodPrefix, s.ContextType))];

    public Chain? Named(string service) => All.FirstOrDefault(c => string.Equals(c.Service, service, StringComparison.Ordinal));

    public Chain? Find(string method, IMessage? request)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (All.FirstOrDefault(c => method.StartsWith(c.MethodPrefix, StringComparison.Ordinal)) is { } own)
            return own;
        if (!method.StartsWith(AuditPrefix, StringComparison.Ordinal) && !method.StartsWith("/servicehall.", StringComparison.Ordinal))
            return null; // health, reflection
        var named = request?.Descriptor.FindFieldByName("service")?.Accessor.GetValue(request) as string;
        return (named is { Length: > 0 } ? Named(named) : null) ?? (All.Count > 0 ? All[0] : null);
    }
}
