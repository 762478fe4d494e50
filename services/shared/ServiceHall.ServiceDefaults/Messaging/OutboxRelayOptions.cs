using Microsoft.Extensions.Options;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// How patiently the outbox relay publishes (configuration section <c>ServiceHall:Outbox</c>). The defaults suit a
/// hall; the tests shorten them.
/// </summary>
public sealed class OutboxRelayOptions
{
    public const string Section = "ServiceHall:Outbox";

    /// <summary>
    /// How long one publish may take before the relay stops waiting for it and retries. The relay waits no longer even
    /// when the client ignores its cancellation token.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this many publish timeouts in a row while the bus reports itself connected, the relay restarts the bus
    /// (a fresh connection and channels); 0 never restarts it.
    /// </summary>
    public int RestartBusAfterTimeouts { get; set; } = 3;

    /// <summary>
    /// Liveness fails once publishing has failed without a break this long while the bus reports itself connected:
    /// only a new process helps then, and the orchestrator starts one.
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    internal string? Validate()
    {
        if (PublishTimeout <= TimeSpan.Zero || PublishTimeout > TimeSpan.FromMinutes(5))
            return $"{Section}:PublishTimeout must be between 0 and 5 minutes (is {PublishTimeout}).";
        if (RestartBusAfterTimeouts < 0)
            return $"{Section}:RestartBusAfterTimeouts must be 0 (never) or more (is {RestartBusAfterTimeouts}).";
        if (StuckAfter <= TimeSpan.Zero)
            return $"{Section}:StuckAfter must be positive (is {StuckAfter}).";
        return null;
    }
}

/// <summary>Refuses a setting that makes no sense at start-up, naming it.</summary>
internal sealed class OutboxRelayOptionsValidator : IValidateOptions<OutboxRelayOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxRelayOptions options) =>
        options.Validate() is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;
}
