using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Jobs;
using Metering.Collector.Reports;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>metering job start|end|list|show</c>: a client of the collector's HTTP job API (Jobs/README.md). The Slurm
/// Prolog/Epilog call start and end exactly as Jobs/Slurm/README.md ("The CLI contract") shows. Exit codes: 0 done,
/// 2 bad arguments, 3 collector unreachable (the message names the URL), 4 refused (the server's reason is printed).
/// </summary>
internal static class JobCommands
{
    public static Command Create()
    {
        var command = new Command("job", """
            Starts, ends, lists and shows jobs in a running collector (`metering serve`) through its HTTP job API.
            Calls carry a token: METERING_TOKEN, --token, or the api-token file in --data (found when you run where the
            collector keeps its data); a node's Slurm hooks use its node token (`metering job node-token`). For an
            https collector, METERING_CA_FILE or --ca-file names the certificate to trust. Exit codes: 0 done, 2 bad arguments, 3 collector unreachable,
            4 refused by the collector (its reason is printed).
            Example: metering job start --id train-42 --node gpu-a07 --gpus 0,1 --project nlp --model llama-3-8b
            """);
        command.Subcommands.Add(Start());
        command.Subcommands.Add(End());
        command.Subcommands.Add(JobListCommand.Create());
        command.Subcommands.Add(JobListCommand.Show());
        command.Subcommands.Add(JobTokenCommand.Create());
        return command;
    }

    private static Command Start()
    {
        var id = new Option<string>("--id") { Description = $"The job's id: {JobRules.IdRule}; Slurm jobs are slurm:<SLURM_JOB_ID>.", Required = true };
        var source = new Option<string>("--source") { Description = $"Where the job comes from: {JobText.Choices<JobSource>()} (default api).", DefaultValueFactory = _ => "api" };
        var nodes = new Option<string[]>("--node") { Description = "A node the job runs on (repeat for several; --gpus and --cpus apply to each).", Required = true };
        var start = new Option<string?>("--start", "--start-ms") { Description = $"Start: {ReportTime.Forms} (default: now, the collector's clock)." };
        var gpus = new Option<string?>("--gpus") { Description = "GPU indices on the node, comma-separated as Slurm numbers them, e.g. 0,1 (default none)." };
        var cpus = new Option<int>("--cpus") { Description = "CPU cores on the node (default 0: unknown)." };
        var labels = new[] { "name", "user", "project", "model", "purpose" }
            .Select(l => new Option<string?>("--" + l) { Description = $"The job's {l}{(l == "project" ? " (account)" : "")}." }).ToArray();
        var c = new Command("start", """
            Tells the collector a job started. Repeating it is harmless: the collector keeps the first start and fills
            in what it lacked (e.g. a second node). Prints the job as the collector stored it.
            Example: metering job start --id slurm:4711 --source slurm --node gpu-a07 --start-ms 1735689600000 --gpus 0,1 --cpus 16 --user alice --project nlp
            """)
        {
            id, source, nodes, start, gpus, cpus,
        };
        labels.ToList().ForEach(c.Options.Add);
        var connection = new JobConnection().AddTo(c);
        c.SetAction(async (p, cancel) =>
        {
            if (!JobRules.IsValidId(p.GetValue(id)))
            {
                return Bad($"--id '{p.GetValue(id)}' is not a job id: {JobRules.IdRule}");
            }

            if (!JobText.TryParseSource(p.GetValue(source), out _))
            {
                return Bad($"--source '{p.GetValue(source)}' is not one of {JobText.Choices<JobSource>()}");
            }

            if (p.GetValue(nodes)!.FirstOrDefault(n => !JobRules.IsValidId(n)) is { } badNode)
            {
                return Bad($"--node '{badNode}' is not a node id: {JobRules.IdRule}");
            }

            if (!TryGpus(p.GetValue(gpus), out var indices))
            {
                return Bad($"--gpus '{p.GetValue(gpus)}' must be distinct GPU indices (0..{JobRules.MaxGpuIndex}) separated by commas, e.g. 0,1");
            }

            if (p.GetValue(cpus) < 0)
            {
                return Bad("--cpus must be 0 or more");
            }

            if (!TryTime(p.GetValue(start), "--start", out var startMs, out var startError))
            {
                return Bad(startError);
            }

            var body = Json(w =>
            {
                w.WriteString("id", p.GetValue(id));
                w.WriteString("source", p.GetValue(source));
                foreach (var label in labels.Where(l => !string.IsNullOrEmpty(p.GetValue(l))))
                {
                    w.WriteString(label.Name[2..], p.GetValue(label));
                }

                w.WriteStartArray("allocations");
                foreach (var node in p.GetValue(nodes)!.Distinct(StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("node", node);
                    w.WriteStartArray("gpus");
                    indices.ForEach(w.WriteNumberValue);
                    w.WriteEndArray();
                    w.WriteNumber("cpus", p.GetValue(cpus));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (startMs is { } ms)
                {
                    w.WriteNumber("start_ms", ms);
                }
            });
            return await CallAsync(connection, p, client => client.PostAsync("/api/v1/jobs", body, cancel));
        });
        return c;
    }

    private static Command End()
    {
        var id = new Option<string>("--id") { Description = "The job's id.", Required = true };
        var end = new Option<string?>("--end", "--end-ms") { Description = $"End: {ReportTime.Forms} (default: now, the collector's clock)." };
        var state = new Option<string>("--state") { Description = $"How it ended: {JobText.Choices(JobText.EndStates)}.", Required = true };
        var exitCode = new Option<int?>("--exit-code") { Description = $"The exit status of the job's script (0..{JobRules.MaxExitCode}), when known." };
        var signal = new Option<int?>("--signal") { Description = $"The signal that ended it (0..{JobRules.MaxSignal}; 0: none), when known." };
        var c = new Command("end", """
            Tells the collector a job ended. Repeating it changes nothing; ending an ended job only adds this report to
            its history (Slurm's own record, read by the reconciler, refines what a node reported). "slurm:N" ends the
            latest run of Slurm job N. Prints the job as stored.
            Example: metering job end --id slurm:4711 --end-ms 1735693200000 --state failed --exit-code 3 --signal 0
            """)
        {
            id, end, state, exitCode, signal,
        };
        var connection = new JobConnection().AddTo(c);
        c.SetAction(async (p, cancel) =>
        {
            var jobId = p.GetValue(id)!;
            if (!JobRules.IsValidId(jobId))
            {
                return Bad($"--id '{jobId}' is not a job id: {JobRules.IdRule}");
            }

            if (!JobText.TryParseState(p.GetValue(state), out var parsed) || !JobText.EndStates.Contains(parsed))
            {
                return Bad($"--state '{p.GetValue(state)}' is not one of {JobText.Choices(JobText.EndStates)}");
            }

            if (p.GetValue(exitCode) is < 0 or > JobRules.MaxExitCode || p.GetValue(signal) is < 0 or > JobRules.MaxSignal)
            {
                return Bad($"--exit-code must be 0..{JobRules.MaxExitCode} and --signal 0..{JobRules.MaxSignal}");
            }

            if (!TryTime(p.GetValue(end), "--end", out var endMs, out var endError))
            {
                return Bad(endError);
            }

            var body = Json(w =>
            {
                w.WriteString("state", p.GetValue(state));
                if (endMs is { } ms)
                {
                    w.WriteNumber("end_ms", ms);
                }

                if (p.GetValue(exitCode) is { } code)
                {
                    w.WriteNumber("exit_code", code);
                }

                if (p.GetValue(signal) is { } sig)
                {
                    w.WriteNumber("signal", sig);
                }
            });
            return await CallAsync(connection, p, client => client.PostAsync($"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/end", body, cancel));
        });
        return c;
    }

    /// <summary>Makes the call and prints the stored job (or why it failed); returns the exit code.</summary>
    internal static async Task<int> CallAsync(JobConnection connection, ParseResult p, Func<JobApiClient, Task<JobApiResponse>> call, Action<string>? print = null)
    {
        var (client, error) = connection.Connect(p);
        if (client is null)
        {
            return Bad(error!);
        }

        using (client)
        {
            var response = await call(client);
            if (response.Outcome != JobApiOutcome.Ok)
            {
                return JobConnection.Failed(response);
            }

            (print ?? PrintJob)(response.Body);
            return JobConnection.Ok;
        }
    }

    internal static int Bad(string message) => CommonArguments.Fail(message);

    private static void PrintJob(string body)
    {
        using var document = JsonDocument.Parse(body);
        Console.WriteLine(JobListCommand.Describe(JobJson.Read(document.RootElement)));
    }

    private static bool TryGpus(string? text, out List<int> indices)
    {
        indices = [];
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > JobRules.MaxGpuIndex || indices.Contains(index))
            {
                return false;
            }

            indices.Add(index);
        }

        return true;
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a time option in the one syntax every command takes (<see cref="ReportTime"/>): ISO 8601, now, -30m, Unix
    /// ms; null when not given; false with a message naming the option when it is none of them.
    /// </summary>
    internal static bool TryTime(string? text, string option, out long? ms, out string error)
    {
        (ms, error) = (null, string.Empty);
        if (text is null)
        {
            return true;
        }

        if (!ReportTime.TryParse(text, DateTimeOffset.UtcNow, out var parsed, out var why))
        {
            error = $"{option}: {why}";
            return false;
        }

        ms = parsed;
        return true;
    }
}
