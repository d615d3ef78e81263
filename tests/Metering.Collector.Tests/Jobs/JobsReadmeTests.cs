using System.Text.Json;
using System.Text.RegularExpressions;
using Metering.Collector.Api;
using Metering.Collector.Jobs;

namespace Metering.Collector.Tests.Jobs;

/// <summary>The examples in Jobs/README.md are what the API accepts and answers.</summary>
public sealed partial class JobsReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Repo.Path("collector/Metering.Collector.Core/Jobs/README.md"));

    [Fact]
    public void The_start_example_is_accepted_and_answered_as_the_job_example_shows()
    {
        var blocks = JsonBlocks().Matches(Readme).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, blocks.Count);

        var job = JobRequests.Start(Parse(blocks[0]), nowMs: 0);

        Assert.Equal(Normalized(blocks[1]), Normalized(JobJson.Write(job)));
    }

    [Fact]
    public void The_estimate_example_is_accepted()
    {
        var example = EstimateExample().Match(Readme).Groups[1].Value;

        Assert.Equal(new PowerEstimate("train-42", "gpu-a07", 1_735_689_600_000, 1_735_689_610_000, 412.5), Assert.Single(JobRequests.Estimates(Parse(example))));
    }

    [Fact]
    public void The_end_example_is_accepted()
    {
        var example = EndExample().Match(Readme).Groups[1].Value;

        Assert.Equal(JobState.Completed, JobRequests.End("train-42", Parse(example.Replace("\"completed\"\\|\"failed\"\\|\"cancelled\"", "\"completed\"", StringComparison.Ordinal)), 0).State);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Normalized(string json) => JsonSerializer.Serialize(Parse(json));

    [GeneratedRegex("```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex("An estimate: `([^`]*)`")]
    private static partial Regex EstimateExample();

    [GeneratedRegex(@"`POST /api/v1/jobs/\{id\}/end` \| yes \| `([^`]*)`")]
    private static partial Regex EndExample();
}
