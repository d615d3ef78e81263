using Metering.Collector.Host;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// <see cref="MessageReceipts"/>: a message seen again while the broker may still redeliver it gets its first receive
/// time; a generation (the messages between two checkpoints) is forgotten two checkpoints after its own; the receipts of
/// an earlier run wait until messages flow again.
/// </summary>
public sealed class MessageReceiptsTests
{
    private const string Topic = "metering/v1/rack12-node07-a/status";
    private static readonly byte[] Birth = "{\"v\":1,\"device\":\"rack12-node07-a\",\"state\":\"online\",\"fw\":\"0.1.0\",\"boot\":43,\"uptime_s\":300}"u8.ToArray();
    private static readonly byte[] Other = "{\"v\":1,\"device\":\"rack12-node07-a\",\"state\":\"online\",\"fw\":\"0.1.0\",\"boot\":43,\"uptime_s\":360}"u8.ToArray();

    [Fact]
    public void A_message_seen_again_gets_its_first_receive_time_and_another_message_its_own()
    {
        var receipts = new MessageReceipts([]);

        Assert.Equal(1_000, receipts.ReceivedMs(Topic, Birth, 1_000));
        Assert.Equal(1_000, receipts.ReceivedMs(Topic, Birth, 61_000));
        Assert.Equal(2_000, receipts.ReceivedMs(Topic, Other, 2_000));
        Assert.Equal(3_000, receipts.ReceivedMs("metering/v1/rack12-node08-a/status", Birth, 3_000));
    }

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 1_000)]
    [InlineData(3, 99_000)]
    public void A_message_is_known_until_two_checkpoints_after_its_own(int checkpointsWithMessages, long expectedMs)
    {
        var receipts = new MessageReceipts([]);
        receipts.ReceivedMs(Topic, Birth, 1_000);
        for (var i = 0; i < checkpointsWithMessages; i++)
        {
            receipts.ReceivedMs(Topic, BitConverter.GetBytes(i), 5_000);
            receipts.Checkpointed();
        }

        Assert.Equal(expectedMs, receipts.ReceivedMs(Topic, Birth, 99_000));
    }

    [Fact]
    public void An_earlier_runs_receipts_outlast_idle_checkpoints_and_go_two_checkpoints_after_messages_flow_again()
    {
        var earlier = new MessageReceipts([]);
        earlier.ReceivedMs(Topic, Birth, 1_000);
        var kept = earlier.TakeWrite();
        var receipts = new MessageReceipts([.. kept.Receipts.Select(r => (7L, r))]);

        for (var i = 0; i < 5; i++)
        {
            receipts.Checkpointed();    // no message yet: the broker has not redelivered
        }

        Assert.Equal(1, receipts.Count);
        receipts.ReceivedMs(Topic, Other, 2_000);
        receipts.Checkpointed();
        receipts.ReceivedMs(Topic, BitConverter.GetBytes(1), 3_000);
        receipts.Checkpointed();

        Assert.Equal(99_000, receipts.ReceivedMs(Topic, Birth, 99_000));
        Assert.Equal(7, receipts.TakeWrite().ForgetThroughGeneration);   // the earlier run's, on disk, go with the next append
    }

    [Fact]
    public void A_write_holds_the_receipts_since_the_last_one_under_the_current_generation()
    {
        var receipts = new MessageReceipts([(4, new MessageReceipt(11, 500))]);
        receipts.ReceivedMs(Topic, Birth, 1_000);
        receipts.ReceivedMs(Topic, Other, 2_000);

        var first = receipts.TakeWrite();
        var second = receipts.TakeWrite();

        Assert.Equal((5L, 0L), (first.Generation, first.ForgetThroughGeneration));
        Assert.Equal([1_000L, 2_000], first.Receipts.Select(r => r.ReceivedMs));
        Assert.Empty(second.Receipts);
    }
}
