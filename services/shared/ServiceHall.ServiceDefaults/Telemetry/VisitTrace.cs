using System.Diagnostics;

namespace ServiceHall.ServiceDefaults;

/// <summary>
/// A citizen's visit is one trace (DESIGN §4): the trace begins when the ticket is taken, and every later step of the
/// visit — a call, the service, the intake — runs in a span of that trace, linked to the request that made it. Later
/// steps of a case (decisions days later) run in their own trace, linked to the visit's and tagged with the case
/// number. The events written inside these spans carry the visit's trace on to the services that consume them.
/// </summary>
public static class VisitTrace
{
    /// <summary>The current trace context as stored with a ticket or case (W3C traceparent), or null.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : null;

    /// <summary>A span in the visit's trace (child of <paramref name="visitTraceParent"/>), linked to the caller's span.</summary>
    public static Activity? Continue(string? visitTraceParent, string name)
    {
        if (visitTraceParent is null || !ActivityContext.TryParse(visitTraceParent, null, isRemote: true, out var visit))
            return ServiceHallTelemetry.Domain.StartActivity(name);
        var links = Activity.Current is { } request ? new[] { new ActivityLink(request.Context) } : null;
        return ServiceHallTelemetry.Domain.StartActivity(name, ActivityKind.Internal, visit, tags: null, links: links);
    }

    /// <summary>A span of the caller's trace, linked to the visit's.</summary>
    public static Activity? LinkTo(string? visitTraceParent, string name)
    {
        if (visitTraceParent is null || !ActivityContext.TryParse(visitTraceParent, null, isRemote: true, out var visit))
            return ServiceHallTelemetry.Domain.StartActivity(name);
        return ServiceHallTelemetry.Domain.StartActivity(name, ActivityKind.Internal, parentContext: default,
            tags: null, links: [new ActivityLink(visit)]);
    }
}
