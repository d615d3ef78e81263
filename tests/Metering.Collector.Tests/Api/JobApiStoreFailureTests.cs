using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Api;

/// <summary>A change the job store could not save is never acknowledged: 503, and the job is not held.</summary>
public sealed class JobApiStoreFailureTests
{
    private const string Token = "failure-test-token-0123456789";

    [Fact]
    public async Task A_write_the_store_cannot_save_is_503_and_leaves_nothing_behind()
    {
        var store = new JobStore(new FullDisk());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var token = ApiToken.Resolve(Token, new DataDirectory(Path.GetTempPath()).ApiToken, NullLogger.Instance);
        JobApi.Map(app, store, reader: null, new ApiAccess(token, reader: null, readsNeedToken: false), new CollectorMetrics(), TimeProvider.System, NullLogger.Instance);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var response = await http.PostAsync("/api/v1/jobs", new StringContent("""{"id":"a","allocations":[{"node":"n1"}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("the job store could not save the change (No space left on device)", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(store.Find("a"));
        await app.StopAsync();
    }

    /// <summary>A persistence whose disk is full.</summary>
    private sealed class FullDisk : IJobPersistence
    {
        public IEnumerable<Job> LoadJobs() => [];

        public Job? FindJob(string id) => null;

        public IEnumerable<PowerEstimate> LoadEstimates(long endingAfterMs) => [];

        public void SaveJob(Job job) => throw new IOException("No space left on device");

        public void SaveEstimates(IReadOnlyList<PowerEstimate> estimates) => throw new IOException("No space left on device");
    }
}
