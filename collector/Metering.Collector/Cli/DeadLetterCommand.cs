using System.CommandLine;
using System.Globalization;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>metering dead-letters</c>: refused messages with their reasons and payloads. Topic, detail and payload are what
/// a device (or anyone who could publish) sent, so they are printed with control characters escaped (PrintableText).
/// </summary>
internal static class DeadLetterCommand
{
    public static Command Create()
    {
        var settings = new SettingsArguments();
        var reason = new Option<string?>("--reason") { Description = "Only this reason code (e.g. device_mismatch, duplicate, malformed_json)." };
        var limit = new Option<int>("--limit") { Description = "Newest N letters.", DefaultValueFactory = _ => 20 };
        var command = new Command("dead-letters", """
            Lists the newest refused or dropped messages kept by the collector: when, topic, reason, detail and the raw
            payload. Reads the collector's database, also while `metering serve` runs.
            Example: metering dead-letters --reason device_mismatch --limit 5
            """)
        {
            reason, limit,
        };
        settings.AddTo(command);
        command.SetAction(p =>
        {
            if (settings.Load(p, Console.Error) is not { } loaded)
            {
                return 2;
            }

            var path = loaded.Paths.State;
            if (!File.Exists(path))
            {
                return CommonArguments.Fail($"no collector database at {path} (has `metering serve` run with --data {loaded.DataDirectory}?)");
            }

            using var store = DeadLetterStore.OpenReadOnly(path);
            var letters = store.Recent(p.GetValue(limit), p.GetValue(reason));
            Console.WriteLine($"{store.Count} letters kept; newest {letters.Count}:");
            foreach (var l in letters)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.FromUnixTimeMilliseconds(l.ReceivedMs):u}  {l.Reason,-22} {PrintableText.Escape(l.Topic)}"));
                if (l.Detail is not null)
                {
                    Console.WriteLine("    " + PrintableText.Escape(l.Detail));
                }

                var text = System.Text.Encoding.UTF8.GetString(l.Payload);
                Console.WriteLine("    " + PrintableText.Escape(text.Length > 300 ? text[..300] + "..." : text));
            }

            return 0;
        });
        return command;
    }
}
