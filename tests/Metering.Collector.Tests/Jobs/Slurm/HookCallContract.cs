using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// What <c>metering job start|end</c> must make of the hooks' arguments (Slurm/README.md (collector/Metering.Collector.Adapters), "The CLI contract"),
/// written as code so tests can play the CLI between the real hooks and a job store.
/// </summary>
internal static class HookCallContract
{
    /// <summary>job start --id ID --source slurm --node NODE --start-ms MS [--gpus I,J] [--cpus N] [--user U] [--project P].</summary>
    public static Job ToJob(StubCall call)
    {
        Assert.Equal("job start", call.Verb);
        Assert.Equal("slurm", call.Option("--source"));
        var gpus = call.Option("--gpus");
        return new Job
        {
            Id = call.Option("--id")!,
            Source = JobSource.Slurm,
            User = call.Option("--user"),
            Project = call.Option("--project"),
            StartMs = long.Parse(call.Option("--start-ms")!, CultureInfo.InvariantCulture),
            Allocations =
            [
                new JobAllocation(call.Option("--node")!, gpus is null ? [] : gpus.Split(',').Select(int.Parse).ToArray(),
                    call.Option("--cpus") is { } cpus ? int.Parse(cpus, CultureInfo.InvariantCulture) : 0),
            ],
        };
    }

    /// <summary>job end --id ID --end-ms MS --state completed|failed [--exit-code N --signal N], as the node's token reports it.</summary>
    public static JobEnd ToEnd(StubCall call)
    {
        Assert.Equal("job end", call.Verb);
        var state = call.Option("--state") switch
        {
            "completed" => JobState.Completed,
            "failed" => JobState.Failed,
            var other => throw new FormatException($"unknown --state '{other}'"),
        };
        return new JobEnd(call.Option("--id")!, long.Parse(call.Option("--end-ms")!, CultureInfo.InvariantCulture), state, Approximate: false,
            By: JobEndSources.Node("mnode1"), ExitCode: Number(call.Option("--exit-code")), ExitSignal: Number(call.Option("--signal")));
    }

    private static int? Number(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);
}
