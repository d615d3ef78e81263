using System.Threading.Channels;
using Metering.Collector.Host;
using Metering.Collector.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Ingest;

/// <summary>With no message arriving, the pipeline still runs the processor's idle work (lateness horizons, job events) and checkpoints what it wrote.</summary>
public sealed class IngestPipelineIdleTests
{
    [Fact]
    public async Task Without_messages_idle_work_runs_each_tick_and_a_checkpoint_follows_work_that_wrote_points()
    {
        var input = Channel.CreateUnbounded<ReceivedMessage>();
        var processor = new Recorder(writes: [false, true, false]);
        var pipeline = new IngestPipeline(input.Reader, processor, new CollectorMetrics(), NullLogger<IngestPipeline>.Instance) { IdleTick = TimeSpan.FromMilliseconds(20) };
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);

        await processor.IdleCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await processor.IdleCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await processor.IdleCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        input.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, processor.Batches);
        Assert.Equal(1, processor.Checkpoints);   // only after the idle run that wrote points
    }

    private sealed class Recorder(bool[] writes) : IBatchProcessor, IIdleProcessor
    {
        private int _idle;

        public Channel<int> IdleCalls { get; } = Channel.CreateUnbounded<int>();

        public int Batches { get; private set; }

        public int Checkpoints { get; private set; }

        public Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken)
        {
            Batches++;
            return Task.CompletedTask;
        }

        public Task CheckpointAsync(CancellationToken cancellationToken)
        {
            Checkpoints++;
            return Task.CompletedTask;
        }

        public Task<bool> IdleAsync(CancellationToken cancellationToken)
        {
            var n = _idle++;
            IdleCalls.Writer.TryWrite(n);
            return Task.FromResult(n < writes.Length && writes[n]);
        }
    }
}
