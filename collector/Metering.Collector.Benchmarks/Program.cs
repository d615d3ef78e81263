using BenchmarkDotNet.Running;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Runs the collector's hot-path benchmarks in process (a short run: 3 warm-up and 3 measured iterations of 20,000
// messages each); BenchmarkDotNet arguments pass through, e.g. --filter '*Decode*'.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Metering.Collector.Benchmarks.HotPathBenchmarks).Assembly).Run(args.Contains("--filter") ? args : [.. args, "--filter", "*"], config);
