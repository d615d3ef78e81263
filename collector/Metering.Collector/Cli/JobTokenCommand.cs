using System.CommandLine;
using Metering.Collector.Host;
using Metering.Collector.Jobs;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>metering job node-token --node N</c>: prints the node token of N (Host/ApiToken.NodeToken), which lets the Slurm
/// hooks on that node start and end jobs on it and nothing else. It is derived from the admin token (Jobs:Token, else
/// the api-token file of the data directory), so it is run where the collector's settings and data are; replacing the
/// admin token revokes every node token.
/// </summary>
internal static class JobTokenCommand
{
    public static Command Create()
    {
        var settings = new SettingsArguments();
        var node = new Option<string>("--node") { Description = "The node's Slurm name (SLURMD_NODENAME), as the hooks send it.", Required = true };
        var command = new Command("node-token", """
            Prints the node token of a compute node for its Slurm hooks (METERING_TOKEN in its env file): it may start
            and end jobs on that node only, and read nothing. Run it where the collector keeps its data (the token is
            derived from the admin token, Jobs:Token or the api-token file); a new admin token revokes every node token.
            Example: metering job node-token --node gpu-a07 --data /var/lib/metering
            """)
        {
            node,
        };
        settings.AddTo(command);
        command.SetAction(p =>
        {
            if (settings.Load(p, Console.Error) is not { } loaded)
            {
                return JobConnection.BadArguments;
            }

            var name = p.GetValue(node)!;
            if (!JobRules.IsValidId(name))
            {
                return CommonArguments.Fail($"--node '{name}' is not a node id: {JobRules.IdRule}");
            }

            string admin;
            try
            {
                admin = loaded.Jobs.Token ?? (File.Exists(loaded.Paths.ApiToken) ? ApiToken.Read(loaded.Paths.ApiToken)
                    : throw new IOException($"no admin token: set Jobs:Token, or start `metering serve` once with --data {loaded.DataDirectory} so that it writes {loaded.Paths.ApiToken}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CommonArguments.Fail($"cannot read the admin token: {e.Message}");
            }

            Console.WriteLine(ApiToken.NodeToken(admin, name));
            return JobConnection.Ok;
        });
        return command;
    }
}
