using System.CommandLine;
using Metering.Collector.Mqtt;

namespace Metering.Collector.Cli;

/// <summary><c>metering broker passwd</c>: device and service credentials for the embedded broker (and mosquitto).</summary>
internal static class BrokerCommands
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The credentials file (mosquitto's password file format)." };
        var user = new Argument<string>("user") { Description = "A device id, or a service account such as collector." };
        var password = new Option<string?>("--password") { Description = "The password (default: read a line from standard input)." };
        var remove = new Option<bool>("--delete") { Description = "Remove the user instead." };
        var passwd = new Command("passwd", """
            Adds or replaces a user in a credentials file, hashed as mosquitto_passwd does, so the same file serves the
            embedded broker (Broker:CredentialsFile) and mosquitto (password_file).
            Example: echo "$SECRET" | metering broker passwd /etc/metering/credentials rack12-node07-a
            """)
        {
            file, user, password, remove,
        };
        passwd.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            var name = p.GetValue(user)!;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            {
                // A mistyped path must not leave a new directory tree with a secret in it.
                return CommonArguments.Fail($"the directory {folder} does not exist: create it (with the mode it should have) first");
            }

            if (p.GetValue(remove))
            {
                CredentialsFile.Remove(path, name);
                Console.WriteLine($"removed {name} from {path}");
                return 0;
            }

            var secret = p.GetValue(password) ?? Console.In.ReadLine();
            if (string.IsNullOrEmpty(secret))
            {
                return CommonArguments.Fail("no password given (--password or a line on standard input)");
            }

            try
            {
                CredentialsFile.AddOrReplace(path, name, secret);
            }
            catch (ArgumentException ex)
            {
                return CommonArguments.Fail(ex.Message);
            }

            Console.WriteLine($"{name} set in {path}");
            return 0;
        });
        return new Command("broker", "Embedded broker administration.\nExample: metering broker passwd credentials rack12-node07-a --password s3cret") { passwd };
    }
}
