using System.CommandLine;

namespace Metering.Collector.Bench;

/// <summary>
/// <c>metering bench attribution</c>: runs <see cref="AttributionScenarios"/> (worlds with a known true energy per job)
/// with allocation weights and with NVML estimates, the idle baseline learned by the stage, and prints each scenario's errors, the worst jobs side by side, and the
/// stage's throughput against what a 10,000-node site at 10 s buckets needs (<see cref="AttributionReport"/>).
/// </summary>
internal static class AttributionBench
{
    public static Command Command()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes per accuracy scenario.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the scenarios' loads and of the NVML views' per-GPU errors.", DefaultValueFactory = _ => 1 };
        var jobs = new Option<int>("--jobs") { Description = "Jobs listed per scenario, worst first (0: none).", DefaultValueFactory = _ => 6 };
        var throughputNodes = new Option<int>("--throughput-nodes") { Description = "Nodes in the throughput run.", DefaultValueFactory = _ => 10_000 };
        var intervals = new Option<int>("--intervals") { Description = "10 s buckets per node in the throughput run.", DefaultValueFactory = _ => 36 };
        var monthDays = new Option<double>("--month-days") { Description = "Simulated days of history in the job store run (0: skip it).", DefaultValueFactory = _ => 30 };
        var monthNodes = new Option<int>("--month-nodes") { Description = "Nodes in the job store run.", DefaultValueFactory = _ => 4 };
        var command = new Command("attribution", """
            Attributes simulated worlds with a known true energy per job (exclusive nodes, unlike jobs sharing a node,
            jobs shorter than a bucket, a job end learned late) with allocation weights and with the estimates an
            H100's NVML gives (board power, GPU idle included), the idle baseline learned in an idle lead-in, and prints
            each job's error against the truth and a cross-check of the stage's output against its input; then the
            stage's throughput in node-intervals per second and its headroom over a 10,000-node site at 10 s buckets;
            then the production job store after a simulated month (jobs.db in a temporary folder: about 7 MiB per simulated node-day, 870 MiB for the default 4 nodes x 30 days) against the same store on day one.
            Run it on an otherwise idle machine for throughput figures.
            Example: metering bench attribution --nodes 4 --jobs 10 --throughput-nodes 2000
            """)
        {
            nodes, seed, jobs, throughputNodes, intervals, monthDays, monthNodes,
        };
        command.SetAction(p =>
        {
            // Checked here, not in a validator: a validator's CommandResult does not apply the options' defaults.
            var problems = new List<string>();
            if (p.GetValue(nodes) < 1) problems.Add("--nodes must be at least 1");
            if (p.GetValue(jobs) < 0) problems.Add("--jobs must not be negative");
            if (p.GetValue(throughputNodes) < 1) problems.Add("--throughput-nodes must be at least 1");
            if (p.GetValue(intervals) < 1) problems.Add("--intervals must be at least 1");
            if (p.GetValue(monthDays) is not (0 or (>= 0.05 and <= 366))) problems.Add("--month-days must be 0 or 0.05..366");
            if (p.GetValue(monthNodes) is < 1 or > 1000) problems.Add("--month-nodes must be 1..1000");
            if (problems.Count > 0)
            {
                problems.ForEach(Console.Error.WriteLine);
                return 2;
            }

            var results = AttributionScenarios.RunAll(p.GetValue(nodes), p.GetValue(seed));
            foreach (var line in AttributionReport.Accuracy(results, p.GetValue(nodes), p.GetValue(seed), p.GetValue(jobs)))
            {
                Console.WriteLine(line);
            }

            // Warm-up, so the timed runs measure steady state rather than the JIT.
            AttributionScenarios.Throughput(nodes: Math.Min(1_000, p.GetValue(throughputNodes)), intervals: 6, throughStage: true);
            AttributionScenarios.Throughput(nodes: Math.Min(1_000, p.GetValue(throughputNodes)), intervals: 6, throughStage: false);
            var attributor = AttributionScenarios.Throughput(p.GetValue(throughputNodes), p.GetValue(intervals), throughStage: false);
            var stage = AttributionScenarios.Throughput(p.GetValue(throughputNodes), p.GetValue(intervals), throughStage: true);
            Console.WriteLine();
            foreach (var line in AttributionReport.Throughput(attributor, stage))
            {
                Console.WriteLine(line);
            }

            if (p.GetValue(monthDays) > 0)
            {
                var folder = Directory.CreateTempSubdirectory("metering-bench-month-");
                try
                {
                    Console.WriteLine();
                    var month = StoreMonth.Run(p.GetValue(monthNodes), p.GetValue(monthDays), p.GetValue(seed), revisions: 100, folder.FullName, m => Console.Error.WriteLine("  " + m));
                    month.Lines().ToList().ForEach(Console.WriteLine);
                }
                finally
                {
                    folder.Delete(recursive: true);
                }
            }

            return 0;
        });
        return command;
    }
}
