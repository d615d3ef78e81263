namespace Metering.Collector.Storage;

/// <summary>
/// A wake-up for async waiters: <see cref="Pulse"/> completes every wait started before it. Take <see cref="Next"/>
/// before checking the condition you wait for, so a pulse between the check and the wait is not missed.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The task the next <see cref="Pulse"/> completes.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes every current waiter.</summary>
    public void Pulse()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
