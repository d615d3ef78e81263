using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Api;

/// <summary>The job API's request bodies: what is accepted, and for each mistake a refusal that names the field.</summary>
public sealed class JobRequestsTests
{
    private const long Now = 1_735_689_600_000;

    [Fact]
    public void A_full_start_becomes_a_running_job_with_sorted_gpus()
    {
        var job = JobRequests.Start(Parse("""
            {"id":"slurm:4711","source":"slurm","name":"pretrain","user":"alice","project":"nlp","model":"llama-3-8b","purpose":"training",
             "allocations":[{"node":"gpu-a07","gpus":[3,0,1],"cpus":16},{"node":"gpu-a08"}],"start_ms":1735689000000}
            """), Now);

        var expected = new Job
        {
            Id = "slurm:4711", Source = JobSource.Slurm, Name = "pretrain", User = "alice", Project = "nlp", Model = "llama-3-8b",
            Purpose = "training", StartMs = 1_735_689_000_000,
            Allocations = [new JobAllocation("gpu-a07", [0, 1, 3], 16), new JobAllocation("gpu-a08", [], 0)],
        };
        Assert.True(JobMergeRules.SameContent(expected, job), job.ToString());
    }

    [Fact]
    public void A_minimal_start_is_an_api_job_starting_now_and_empty_labels_are_absent()
    {
        var job = JobRequests.Start(Parse("""{"id":"a","allocations":[{"node":"n1"}],"user":"","model":null}"""), Now);

        Assert.Equal((JobSource.Api, Now, JobState.Running, null, null), (job.Source, job.StartMs, job.State, job.User, job.Model));
    }

    [Theory]
    [InlineData("""[]""", "body: must be a JSON object")]
    [InlineData("""{"allocations":[{"node":"n1"}]}""", "id: required")]
    [InlineData("""{"id":"","allocations":[{"node":"n1"}]}""", "id: required")]
    [InlineData("""{"id":"a b","allocations":[{"node":"n1"}]}""", "id: 'a b' is not an id")]
    [InlineData("""{"id":7,"allocations":[{"node":"n1"}]}""", "id: must be a string, got a number")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"}],"gpus":[0]}""", "gpus: unknown field")]
    [InlineData("""{"id":"a","source":"cron","allocations":[{"node":"n1"}]}""", "source: 'cron' is not one of slurm, api, run")]
    [InlineData("""{"id":"4711","source":"slurm","allocations":[{"node":"n1"}]}""", "id: a Slurm job's id is \"slurm:\"")]
    [InlineData("""{"id":"a"}""", "allocations: required")]
    [InlineData("""{"id":"a","allocations":[]}""", "allocations: must be an array")]
    [InlineData("""{"id":"a","allocations":{"node":"n1"}}""", "allocations: must be an array")]
    [InlineData("""{"id":"a","allocations":["n1"]}""", "allocations[0]: must be a JSON object, got a string")]
    [InlineData("""{"id":"a","allocations":[{"gpus":[0]}]}""", "allocations[0].node: required")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"},{"node":"n/2"}]}""", "allocations[1].node: 'n/2' is not an id")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"},{"node":"n1"}]}""", "allocations[1].node: 'n1' appears twice")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","gpu":[0]}]}""", "allocations[0].gpu: unknown field")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","gpus":"0,1"}]}""", "allocations[0].gpus: must be an array")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","gpus":[0,-1]}]}""", "allocations[0].gpus[1]: -1 is out of range (0..4095)")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","gpus":[0,1.5]}]}""", "allocations[0].gpus[1]: must be an integer, got 1.5")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","gpus":[1,1]}]}""", "allocations[0].gpus[1]: GPU 1 appears twice")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1","cpus":-2}]}""", "allocations[0].cpus: -2 is out of range")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"}],"start_ms":1735689600}""", "start_ms: 1735689600 is out of range (milliseconds since the Unix epoch")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"}],"start_ms":"2025-01-01"}""", "start_ms: must be an integer, got a string")]
    [InlineData("""{"id":"a","allocations":[{"node":"n1"}],"user":"al\nice"}""", "user: must not contain control characters")]
    public void A_bad_start_is_refused_naming_the_field(string body, string reason)
    {
        var e = Assert.Throws<BadRequestException>(() => JobRequests.Start(Parse(body), Now));

        Assert.StartsWith(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_longer_than_the_limit_is_refused_with_its_length()
    {
        var name = new string('x', JobRules.MaxLabelLength + 1);

        var e = Assert.Throws<BadRequestException>(() => JobRequests.Start(Parse($$"""{"id":"a","allocations":[{"node":"n1"}],"name":"{{name}}"}"""), Now));

        Assert.Equal($"name: must be at most {JobRules.MaxLabelLength} characters, got {name.Length}", e.Message);
    }

    [Fact]
    public void An_id_of_the_longest_length_is_accepted_and_one_longer_is_not()
    {
        var longest = new string('a', JobRules.MaxIdLength);

        Assert.Equal(longest, JobRequests.Start(Parse($$"""{"id":"{{longest}}","allocations":[{"node":"n1"}]}"""), Now).Id);
        Assert.Throws<BadRequestException>(() => JobRequests.Start(Parse($$"""{"id":"{{longest}}a","allocations":[{"node":"n1"}]}"""), Now));
    }

    [Theory]
    [InlineData("""{"state":"failed","end_ms":1735693200000}""", JobState.Failed, 1_735_693_200_000)]
    [InlineData("""{"state":"cancelled"}""", JobState.Cancelled, Now)]
    public void An_end_takes_its_state_and_time_or_now(string body, JobState state, long endMs)
    {
        Assert.Equal(new JobEnd("a", endMs, state, Approximate: false), JobRequests.End("a", Parse(body), Now));
    }

    [Theory]
    [InlineData("a", """{}""", "state: required, one of completed, failed, cancelled")]
    [InlineData("a", """{"state":"running"}""", "state: 'running' is not one of completed, failed, cancelled")]
    [InlineData("a", """{"state":"ended"}""", "state: 'ended' is not one of")]
    [InlineData("a", """{"state":"completed","end_ms":-1}""", "end_ms: -1 is out of range")]
    [InlineData("a", """{"state":"completed","exit":0}""", "exit: unknown field")]
    [InlineData("a b", """{"state":"completed"}""", "id: not an id")]
    public void A_bad_end_is_refused_naming_the_field(string id, string body, string reason)
    {
        var e = Assert.Throws<BadRequestException>(() => JobRequests.End(id, Parse(body), Now));

        Assert.StartsWith(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimates_come_one_or_many()
    {
        var one = """{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":250.5}""";
        var expected = new PowerEstimate("a", "n1", 1_735_689_600_000, 1_735_689_610_000, 250.5);

        Assert.Equal([expected], JobRequests.Estimates(Parse(one)));
        Assert.Equal([expected, expected with { NodeId = "n2" }], JobRequests.Estimates(Parse($"[{one},{one.Replace("n1", "n2", StringComparison.Ordinal)}]")));
    }

    [Theory]
    [InlineData("""[]""", "body: an array of 1 to 10000 estimates, got 0")]
    [InlineData("""{"node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":1}""", "job: required")]
    [InlineData("""{"job":"a","from_ms":1735689600000,"to_ms":1735689610000,"watts":1}""", "node: required")]
    [InlineData("""{"job":"a","node":"n1","to_ms":1735689610000,"watts":1}""", "from_ms: required")]
    [InlineData("""{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689600000,"watts":1}""", "to_ms: must be after from_ms")]
    [InlineData("""{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000}""", "watts: required")]
    [InlineData("""{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":-1}""", "watts: -1 is out of range")]
    [InlineData("""{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":1e8}""", "watts: 100000000 is out of range")]
    [InlineData("""{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":"250"}""", "watts: must be a number, got a string")]
    [InlineData("""[{"job":"a","node":"n1","from_ms":1735689600000,"to_ms":1735689610000,"watts":1},{"job":"a","node":"n1","from":1}]""", "[1].from: unknown field")]
    public void A_bad_estimate_is_refused_naming_the_field(string body, string reason)
    {
        var e = Assert.Throws<BadRequestException>(() => JobRequests.Estimates(Parse(body)));

        Assert.StartsWith(reason, e.Message, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
