using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>Over random squeue snapshots and random collector states: a plan, once applied, leaves nothing to do.</summary>
public sealed class SlurmReconcilePropertyTests
{
    private static readonly string[] States = ["RUNNING", "COMPLETING", "COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "PENDING"];

    private static readonly Gen<SqueueJob> ListedJob =
        from id in Gen.Choose(1, 10)
        from state in Gen.Elements(States)
        from name in Gen.Elements("", "train", "eval")
        from account in Gen.Elements("", "physics")
        from nodes in Gen.Elements("n1", "n2", "n3").ArrayOf().Select(n => n.Distinct().ToArray())
        from gpus in Gen.Choose(0, 3).ArrayOf().Select(g => g.Distinct().Order().ToArray())
        let started = state != "PENDING" && nodes.Length > 0
        select new SqueueJob(id, name, "alice", account, "debug", started ? state : "PENDING", started ? 1_900_000_000 + id : 0,
            started ? 1_900_000_500 : 0, 4, started ? nodes.Select(n => new SqueueNode(n, 4, gpus)).ToArray() : []);

    private static readonly Gen<Job> KnownJob =
        from id in Gen.Choose(1, 12)
        from name in Gen.Elements<string?>(null, "train")
        from nodes in Gen.Elements("n1", "n2").ArrayOf().Select(n => n.Distinct().ToArray())
        from gpus in Gen.Choose(0, 3).ArrayOf().Select(g => g.Distinct().ToArray())
        select new Job
        {
            Id = SlurmJobIds.Format(id), Source = JobSource.Slurm, Name = name, StartMs = 1_900_000_000_000,
            Allocations = nodes.Select(n => new JobAllocation(n, gpus, 0)).ToArray(),
        };

    [Property(MaxTest = 300)]
    public Property A_second_pass_changes_nothing() =>
        Prop.ForAll(ListedJob.ArrayOf().ToArbitrary(), KnownJob.ArrayOf().ToArbitrary(), (listed, known) =>
        {
            var sink = new InMemoryJobSink();
            foreach (var job in known)
            {
                sink.StartAsync(job, default).GetAwaiter().GetResult();
            }

            Apply(sink, SlurmReconcilePlanner.Plan(listed, Running(sink), 2_000_000_000_000));
            var changes = sink.Changes;
            var second = SlurmReconcilePlanner.Plan(listed, Running(sink), 2_000_000_000_500);
            Apply(sink, second);

            return second.IsEmpty && sink.Changes == changes;
        });

    [Property(MaxTest = 300)]
    public Property After_a_pass_the_running_jobs_are_exactly_those_squeue_lists_as_active() =>
        Prop.ForAll(ListedJob.ArrayOf().ToArbitrary(), KnownJob.ArrayOf().ToArbitrary(), (listed, known) =>
        {
            var sink = new InMemoryJobSink();
            foreach (var job in known)
            {
                sink.StartAsync(job, default).GetAwaiter().GetResult();
            }

            Apply(sink, SlurmReconcilePlanner.Plan(listed, Running(sink), 2_000_000_000_000));

            var active = listed.GroupBy(j => j.JobId).Select(g => g.Last())
                .Where(j => SlurmJobStates.IsActive(j.State)).Select(j => j.Id).ToHashSet();
            return Running(sink).Select(j => j.Id).ToHashSet().SetEquals(active);
        });

    private static IReadOnlyList<Job> Running(InMemoryJobSink sink) =>
        sink.ListRunningAsync(JobSource.Slurm, default).GetAwaiter().GetResult();

    private static void Apply(InMemoryJobSink sink, ReconcilePlan plan)
    {
        foreach (var job in plan.Added.Concat(plan.Filled))
        {
            sink.StartAsync(job, default).GetAwaiter().GetResult();
        }

        foreach (var end in plan.Ended)
        {
            sink.EndAsync(end, default).GetAwaiter().GetResult();
        }
    }
}
