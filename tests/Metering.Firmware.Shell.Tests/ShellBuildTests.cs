using System.Diagnostics;

namespace Metering.Firmware.Shell.Tests;

/// <summary>
/// The shell's compile check is a real check: the same build that compiles the shell against the device packages'
/// reference assemblies fails when one more source file calls M2Mqtt wrongly, with the compiler's error on that file, and
/// passes with the same call written right.
/// </summary>
public sealed class ShellBuildTests
{
    public static TheoryData<string, string, string?> Calls() => new()
    {
        {
            "qos-as-int",
            "client.Publish(\"metering/v1/d/event\", new byte[1], null, null, 1, false)",
            "error CS1503"
        },
        {
            "publish-overload-of-an-older-m2mqtt",
            "client.Publish(\"metering/v1/d/event\", new byte[1], MqttQoSLevel.AtLeastOnce, false)",
            "error CS1503"
        },
        {
            "right",
            "client.Publish(\"metering/v1/d/event\", new byte[1], null, null, MqttQoSLevel.AtLeastOnce, false)",
            null
        },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task One_more_call_to_M2Mqtt_builds_only_when_it_matches_the_package_api(string name, string call, string? expectedError)
    {
        var work = Directory.CreateTempSubdirectory("shellcheck-");
        try
        {
            var source = System.IO.Path.Combine(work.FullName, "ExtraCall.cs");
            await File.WriteAllTextAsync(source, $$"""
                using nanoFramework.M2Mqtt;
                using nanoFramework.M2Mqtt.Messages;

                namespace Metering.Firmware.Mqtt
                {
                    /// <summary>One more call, added by a test ({{name}}).</summary>
                    internal static class ExtraCall
                    {
                        internal static ushort Send(MqttClient client)
                        {
                            return {{call}};
                        }
                    }
                }
                """);

            var (exitCode, output) = await BuildAsync(source, work.FullName);

            if (expectedError is null)
            {
                Assert.True(exitCode == 0, output);
            }
            else
            {
                Assert.NotEqual(0, exitCode);
                Assert.Contains(output.Split('\n'), l => l.Contains("ExtraCall.cs", StringComparison.Ordinal) && l.Contains(expectedError, StringComparison.Ordinal));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Builds the check project with the extra file, into a private output folder (the shared outputs stay as they are).</summary>
    private static async Task<(int ExitCode, string Output)> BuildAsync(string extraSource, string workDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Root,
        };
        foreach (var a in new[]
        {
            "build", Repo.ShellCheckProject, "--no-restore", "-nologo", "-v:q", "-nodeReuse:false", "-c", Repo.Configuration,
            "-p:BuildProjectReferences=false", "-p:UseSharedCompilation=false", "-p:ShellCheckExtraSource=" + extraSource,
            "-p:IntermediateOutputPath=" + System.IO.Path.Combine(workDirectory, "obj") + "/",
            "-p:OutputPath=" + System.IO.Path.Combine(workDirectory, "bin") + "/",
        })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
