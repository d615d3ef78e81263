using Metering.Collector.Cli;

namespace Metering.Collector.Tests.Cli;

/// <summary>`metering job list --table`: labels someone else chose reach the terminal with their control characters escaped.</summary>
public sealed class JobListTableTests
{
    [Fact]
    public void A_label_with_control_characters_stays_on_its_row_and_cannot_drive_the_terminal()
    {
        const string body = """
            [{"id":"api:1","source":"api","name":null,"user":"eve\u001b[2J\u001b[H","project":"nlp\nforged row","model":"m\r","purpose":null,
              "allocations":[{"node":"gpu-a01","gpus":[0],"cpus":0}],"start_ms":1740000000000,"end_ms":null,"state":"running"}]
            """;

        var table = JobListCommand.Table(body);

        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);   // header, the job, "1 job"
        Assert.Contains("eve\\u001B[2J\\u001B[H", lines[1], StringComparison.Ordinal);
        Assert.Contains("nlp\\nforged row", lines[1], StringComparison.Ordinal);
        Assert.Contains("m\\r", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(table, c => char.IsControl(c) && c != '\n');
    }
}
