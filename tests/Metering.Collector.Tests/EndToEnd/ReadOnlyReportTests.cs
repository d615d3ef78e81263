using System.Diagnostics;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Reports;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// `report`, `dead-letters` and `inventory unmapped` run as another user who may read the collector's files (its
/// DataGroup) and write nothing of them: they open the stores read-only, whether the collector has left WAL files
/// behind or not, and change nothing.
/// </summary>
public sealed class ReadOnlyReportTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"metering-ro-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_reader_in_the_data_group_reports_lists_dead_letters_and_unmapped_channels()
    {
        Assert.True(Environment.UserName == "root", "this test switches to user nobody and needs root to do so");
        using (var fixture = await ReportFixture.CreateAsync())
        {
            Directory.CreateDirectory(_data);
            File.Copy(fixture.StorePath, Path.Combine(_data, "store.db"));
        }

        using (var letters = new DeadLetterStore(Path.Combine(_data, "collector.db")))
        {
            letters.Add(ReportFixture.T0, "metering/v1/dev-1/telemetry", "malformed_json", "a detail", "{"u8);
        }

        using (new StateStore(Path.Combine(_data, "collector.db")))
        {
        }

        var before = Snapshot();
        Run("chown", $"-R root:nogroup {_data}");
        Run("chmod", $"0750 {_data}");
        foreach (var file in Directory.GetFiles(_data))
        {
            Run("chmod", $"0640 {file}");
        }

        var (reportExit, report) = AsNobody($"report job slurm:4711 --data {_data}");
        Assert.True(reportExit == 0, report);
        Assert.Contains("slurm:4711", report, StringComparison.Ordinal);
        var (lettersExit, letterList) = AsNobody($"dead-letters --data {_data}");
        Assert.True(lettersExit == 0, letterList);
        Assert.Contains("malformed_json", letterList, StringComparison.Ordinal);
        var (unmappedExit, unmapped) = AsNobody($"inventory unmapped --data {_data}");
        Assert.True(unmappedExit == 0, unmapped);
        Assert.Equal(before, Snapshot());
    }

    /// <summary>The data directory's files and their bytes: a reader must change none.</summary>
    private string Snapshot() => string.Join('\n', Directory.GetFiles(_data).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static (int Exit, string Output) AsNobody(string arguments)
    {
        var start = new ProcessStartInfo("setpriv", $"--reuid=nobody --regid=nogroup --clear-groups env DOTNET_CLI_HOME=/tmp dotnet \"{MeteringProcess.Dll}\" {arguments}")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(MeteringProcess.Dll)!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "metering " + arguments + " did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    private static void Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
