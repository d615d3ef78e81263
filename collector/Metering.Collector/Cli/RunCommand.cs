using System.CommandLine;
using Metering.Collector.Run;

namespace Metering.Collector.Cli;

/// <summary><c>metering run -- command args...</c>: runs a command as a job and prints its measured energy.</summary>
internal static class RunCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "run";

    /// <summary>
    /// How to invoke a parsed command line: <c>run</c> handles SIGINT and SIGTERM itself (it passes them to the child
    /// and waits for it), so System.CommandLine's termination handling, which would end the process 2 s after the
    /// signal, is off for it; null (the defaults) for every other command.
    /// </summary>
    public static InvocationConfiguration? Invocation(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == Name ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null;

    public static Command Create()
    {
        var node = new Option<string?>("--node") { Description = "The node the command runs on, as the inventory names it (default: this host's short name)." };
        var project = new Option<string?>("--project") { Description = "Project the job is charged to." };
        var model = new Option<string?>("--model") { Description = "Model trained or served." };
        var name = new Option<string?>("--name") { Description = "Job name (default: the command line)." };
        var user = new Option<string?>("--user") { Description = "User (default: the current user)." };
        var gpus = new Option<string?>("--gpus") { Description = "GPU indices the job holds, e.g. 0,1 (default: from CUDA_VISIBLE_DEVICES, else none)." };
        var cpus = new Option<int?>("--cpus") { Description = "CPU cores the job holds (default: the cores this process may use)." };
        var wait = new Option<double>("--wait-s") { Description = "Seconds to wait after the command for its energy to be attributed.", DefaultValueFactory = _ => 60 };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(Name, """
            Runs a command as a job: registers it with the collector's job API (source run, id run:HOST-PID-STARTMS, on
            --node with the GPUs of CUDA_VISIBLE_DEVICES), runs the command with this terminal's stdin, stdout and stderr,
            passes SIGINT and SIGTERM on to it, ends the job (completed, failed or cancelled), waits until the collector
            has attributed its last interval and prints its measured energy, CO2e, mean power, method and coverage to
            stderr. The exit code is the command's (127 when it cannot start). If the collector is unreachable (within
            --timeout-s) the command still runs, with a warning. --url, --token, --data and --timeout-s as for `metering job`.
            Example: metering run --node gpu-a01 --project nlp --model llama-3-8b -- python train.py --epochs 1
            """)
        {
            node, project, model, name, user, gpus, cpus, wait, commandLine,
        };
        var connection = new JobConnection().AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            var words = p.GetValue(commandLine)!;
            var (client, connectionError) = connection.Connect(p);
            if (client is null)
            {
                return CommonArguments.Fail(connectionError!);
            }

            using var _ = client;
            RunRequest request;
            try
            {
                var (visible, warning) = RunJob.GpusFrom(Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES"));
                var explicitGpus = p.GetValue(gpus);
                if (warning is not null && explicitGpus is null)
                {
                    Console.Error.WriteLine("metering: warning: " + warning);
                }

                var waitSeconds = p.GetValue(wait);
                if (waitSeconds is < 0 or > 3600 || !double.IsFinite(waitSeconds))
                {
                    return CommonArguments.Fail($"--wait-s must be 0..3600 seconds, got {waitSeconds}");
                }

                var cores = p.GetValue(cpus) ?? Environment.ProcessorCount;
                if (cores < 0)
                {
                    return CommonArguments.Fail($"--cpus must be 0 or more, got {cores}");
                }

                var job = new RunJob(
                    RunJob.IdFor(RunJob.ShortHostName(Environment.MachineName), Environment.ProcessId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
                    p.GetValue(node) ?? RunJob.ShortHostName(Environment.MachineName),
                    explicitGpus is null ? visible : RunJob.ParseGpus(explicitGpus),
                    cores,
                    0,
                    p.GetValue(name) ?? Shorten(string.Join(' ', words)),
                    p.GetValue(user) ?? Environment.UserName,
                    p.GetValue(project),
                    p.GetValue(model));
                request = new RunRequest(job, words[0], words[1..], TimeSpan.FromSeconds(waitSeconds));
            }
            catch (FormatException ex)
            {
                return CommonArguments.Fail(ex.Message);
            }

            return await new RunSession(request, new RunJobCalls(client), Console.Error, TimeProvider.System).RunAsync(cancel);
        });
        return command;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
