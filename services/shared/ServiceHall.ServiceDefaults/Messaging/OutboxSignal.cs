namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the outbox relay of one database as soon as a change is committed, so events leave within milliseconds
/// instead of at the next poll. Losing a signal is harmless: the relay also polls.
/// </summary>
public interface IOutboxSignal
{
    void Notify();
}

/// <inheritdoc cref="IOutboxSignal"/>
public sealed class OutboxSignal<TContext> : IOutboxSignal, IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_semaphore.CurrentCount == 0)
                _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
