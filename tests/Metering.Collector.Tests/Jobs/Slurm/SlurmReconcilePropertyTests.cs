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

    private static readonly Gen<int> Restarts = Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 2)));

    private static readonly Gen<SqueueJob> ListedJob =
        from id in Gen.Choose(1, 10)
        from state in Gen.Elements(States)
        from name in Gen.Elements("", "train", "eval")
        from account in Gen.Elements("", "physics")
        from nodes in Gen.Elements("n1", "n2", "n3").ArrayOf().Select(n => n.Distinct().ToArray())
        from gpus in Gen.Choose(0, 3).ArrayOf().Select(g => g.Distinct().Order().ToArray())
        from restarts in Restarts
        let started = state != "PENDING" && nodes.Length > 0
        select new SqueueJob(id, name, "alice", account, "debug", started ? state : "PENDING", started ? 1_900_000_000 + id : 0,
            started ? 1_900_000_500 : 0, 4, started ? nodes.Select(n => new SqueueNode(n, 4, gpus)).ToArray() : []) { RestartCount = restarts };

    // squeue lists each job once, in its current run.
    private static readonly Gen<SqueueJob[]> Snapshot = ListedJob.ArrayOf().Select(a => a.GroupBy(j => j.JobId).Select(g => g.Last()).ToArray());

    private static readonly Gen<Job> KnownJob =
        from id in Gen.Choose(1, 12)
        from name in Gen.Elements<string?>(null, "train")
        from nodes in Gen.Elements("n1", "n2").ArrayOf().Select(n => n.Distinct().ToArray())
        from gpus in Gen.Choose(0, 3).ArrayOf().Select(g => g.Distinct().ToArray())
        from run in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(2, 3)))
        select new Job
        {
            Id = SlurmJobIds.Format(id, run), Source = JobSource.Slurm, Name = name, StartMs = 1_900_000_000_000,
            Allocations = nodes.Select(n => new JobAllocation(n, gpus, 0)).ToArray(),
        };

    [Property(MaxTest = 300)]
    public Property A_second_pass_changes_nothing() =>
        Prop.ForAll(Snapshot.ToArbitrary(), KnownJob.ArrayOf().ToArbitrary(), (listed, known) =>
        {
            var sink = new InMemoryJobSink();
            foreach (var job in known)
            {
                sink.StartAsync(job, default).GetAwaiter().GetResult();
            }

            Apply(sink, Plan(sink, listed, 2_000_000_000_000));
            var changes = sink.Changes;
            var second = Plan(sink, listed, 2_000_000_000_500);
            Apply(sink, second);

            return second.IsEmpty && sink.Changes == changes;
        });

    [Property(MaxTest = 300)]
    public Property After_a_pass_the_running_jobs_are_exactly_those_squeue_lists_as_active_but_a_requeue_in_progress() =>
        Prop.ForAll(Snapshot.ToArbitrary(), KnownJob.ArrayOf().ToArbitrary(), (listed, known) =>
        {
            var sink = new InMemoryJobSink();
            foreach (var job in known)
            {
                sink.StartAsync(job, default).GetAwaiter().GetResult();
            }

            // A later run the collector does not hold, listed COMPLETING, is a run being requeued (Slurm already
            // counts the restart): it is not added, and the earlier runs of that job that were running stay so.
            var echoes = listed.Where(j => j.Run > 1 && j.State == "COMPLETING" && sink[j.Id] is null).ToList();
            var requeuing = Running(sink).Where(r => SlurmJobIds.TryParse(r.Id, out var id, out var run) && echoes.Any(e => e.JobId == id && run < e.Run));
            Apply(sink, Plan(sink, listed, 2_000_000_000_000));

            var active = listed.GroupBy(j => j.Id).Select(g => g.Last())
                .Where(j => SlurmJobStates.IsActive(j.State) && !echoes.Contains(j)).Select(j => j.Id)
                .Concat(requeuing.Select(j => j.Id)).ToHashSet();
            return Running(sink).Select(j => j.Id).ToHashSet().SetEquals(active);
        });

    // As the reconciler does: the running jobs first, then the stored runs squeue describes.
    private static ReconcilePlan Plan(InMemoryJobSink sink, SqueueJob[] listed, long nowMs)
    {
        var running = Running(sink);
        var snapshot = new SlurmSnapshot(listed, []);
        return SlurmReconcilePlanner.Plan(snapshot, running, sink.FindAsync(SlurmReconcilePlanner.IdsToLookUp(snapshot), default).GetAwaiter().GetResult(), nowMs);
    }

    private static IReadOnlyList<Job> Running(InMemoryJobSink sink) =>
        sink.ListRunningAsync(JobSource.Slurm, default).GetAwaiter().GetResult();

    private static void Apply(InMemoryJobSink sink, ReconcilePlan plan)
    {
        foreach (var job in plan.Added.Concat(plan.Filled))
        {
            sink.StartAsync(job, default).GetAwaiter().GetResult();
        }

        foreach (var end in plan.Ended.Concat(plan.Refined))
        {
            sink.EndAsync(end, default).GetAwaiter().GetResult();
        }
    }
}
