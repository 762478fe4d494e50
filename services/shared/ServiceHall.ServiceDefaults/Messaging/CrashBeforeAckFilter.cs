using MassTransit;
using ServiceHall.Contracts;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// The <see cref="FaultPoints.CrashBeforeAck"/> point: after every consumer of a message succeeded (their effects
/// committed) and before the broker is acknowledged. Only on the pipe when the fault point is configured.
/// </summary>
internal sealed class CrashBeforeAckFilter(FaultPoints faults, string eventType) : IFilter<ConsumeContext>
{
    private readonly Type? _type = EventTypes.TryResolve(eventType, out var type) ? type : null;

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        await next.Send(context);
        if (_type is not null && context.HasMessageType(_type))
            faults.CrashIf(FaultPoints.CrashBeforeAck, eventType);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("crashBeforeAck");
}
