using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>The flow-control arithmetic on its own: marks in messages and bytes, first come first served, a bounded wait list.</summary>
public sealed class SubscriberFlowControlTests
{
    [Fact]
    public async Task Publishers_go_on_below_the_mark_and_wait_at_it_until_an_acknowledgement_makes_room()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 2, highWaterBytes: 1_000_000, maxWaiting: 10);
        Assert.True(await flow.AdmitAsync(CancellationToken.None));
        flow.Queued(100);
        Assert.True(await flow.AdmitAsync(CancellationToken.None));
        flow.Queued(100);

        var held = flow.AdmitAsync(CancellationToken.None);
        await Task.Delay(50);

        Assert.False(held.IsCompleted);
        Assert.Equal((1, 1L, 2L, 200L), (flow.Waiting, flow.Held, flow.OutstandingMessages, flow.OutstandingBytes));
        flow.Removed(100);
        Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, flow.Waiting);
    }

    [Fact]
    public async Task The_byte_mark_holds_publishers_as_the_message_mark_does()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 1000, highWaterBytes: 4415, maxWaiting: 10);
        Assert.True(await flow.AdmitAsync(CancellationToken.None));
        flow.Queued(4415);

        var held = flow.AdmitAsync(CancellationToken.None);
        await Task.Delay(50);

        Assert.False(held.IsCompleted);
        flow.Removed(4415);
        Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((4415L, 1L), (flow.PeakOutstandingBytes, flow.PeakOutstandingMessages));
    }

    [Fact]
    public async Task Waiters_go_on_oldest_first_and_a_released_one_counts_against_the_mark_until_its_message_is_queued()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 1, highWaterBytes: 1_000_000, maxWaiting: 10);
        flow.Queued(10);
        var first = flow.AdmitAsync(CancellationToken.None);
        var second = flow.AdmitAsync(CancellationToken.None);

        flow.Removed(10);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        await Task.Delay(50);

        Assert.False(second.IsCompleted); // the first's message is not queued yet, but it holds the only place
        flow.Queued(10);
        flow.Removed(10);
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_released_waiter_whose_message_reached_no_session_gives_its_place_back()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 1, highWaterBytes: 1_000_000, maxWaiting: 10);
        flow.Queued(10);
        var first = flow.AdmitAsync(CancellationToken.None);
        var second = flow.AdmitAsync(CancellationToken.None);
        flow.Reset(); // the collector's session is gone: the first goes on, its message reaches nobody
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));

        flow.NotQueued();

        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Beyond_the_most_waiters_a_publish_is_refused_at_once_and_counted()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 1, highWaterBytes: 1_000_000, maxWaiting: 2);
        flow.Queued(10);
        var waiting = new[] { flow.AdmitAsync(CancellationToken.None), flow.AdmitAsync(CancellationToken.None) };

        Assert.False(await flow.AdmitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((2, 1L), (flow.Waiting, flow.Refused));
        flow.Reset(); // the session and its queue are gone: the waiters go on, as many as the mark allows
        Assert.True(await waiting[0].WaitAsync(TimeSpan.FromSeconds(5)));
        flow.Queued(10);
        flow.Removed(10);
        Assert.True(await waiting[1].WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_stopping_broker_cancels_its_waiters_and_forgets_them()
    {
        var flow = new SubscriberFlowControl(highWaterMessages: 1, highWaterBytes: 1_000_000, maxWaiting: 10);
        flow.Queued(10);
        using var stopping = new CancellationTokenSource();
        var held = flow.AdmitAsync(stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, flow.Waiting);
    }
}
