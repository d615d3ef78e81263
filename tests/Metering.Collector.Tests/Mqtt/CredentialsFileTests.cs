using Metering.Collector.Mqtt;
using Metering.Testing;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>The credentials file: mosquitto_passwd's notation both ways, in-place edits, and refusals that name the line.</summary>
public sealed class CredentialsFileTests : IDisposable
{
    private readonly string _directory = TestBroker.NewDirectory();

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_file_written_by_mosquitto_passwd_loads_in_both_of_its_hash_forms()
    {
        var path = PathOf("passwd");
        Assert.Equal(0, ServerProcess.Run("mosquitto_passwd", $"-b -c {path} dev-a secret-a").ExitCode);
        Assert.Equal(0, ServerProcess.Run("mosquitto_passwd", $"-H sha512 -b {path} dev-b secret-b").ExitCode);

        var users = CredentialsFile.Load(path);

        Assert.Equal(["dev-a", "dev-b"], users.Usernames.Order());
        Assert.True(users.Verify("dev-a", "secret-a"));
        Assert.True(users.Verify("dev-b", "secret-b"));
        Assert.False(users.Verify("dev-a", "secret-b"));
        Assert.False(users.Verify("dev-c", "secret-a"));
        Assert.Contains("dev-a:$7$101$", File.ReadAllText(path));
        Assert.Contains("dev-b:$6$", File.ReadAllText(path));
    }

    [Fact]
    public void AddOrReplace_creates_a_private_file_then_edits_one_line_and_keeps_the_rest()
    {
        var path = PathOf("credentials");
        CredentialsFile.AddOrReplace(path, "dev-a", "one", iterations: 100);
        File.AppendAllText(path, "# the collector\n");
        CredentialsFile.AddOrReplace(path, "collector", "two", iterations: 100);
        CredentialsFile.AddOrReplace(path, "dev-a", "three", iterations: 100);

        var users = CredentialsFile.Load(path);
        var lines = File.ReadAllLines(path);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(["dev-a", "# the collector", "collector"], lines.Select(l => l.Split(':')[0]));
        Assert.Matches(@"^dev-a:\$7\$100\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$", lines[0]);
        Assert.True(users.Verify("dev-a", "three"));
        Assert.False(users.Verify("dev-a", "one"));
        Assert.True(users.Verify("collector", "two"));
        Assert.True(CredentialsFile.Remove(path, "dev-a"));
        Assert.False(CredentialsFile.Remove(path, "dev-a"));
        Assert.Equal(["collector"], CredentialsFile.Load(path).Usernames);
    }

    [Theory]
    [InlineData("dev-a", 2)]
    [InlineData("dev-a:secret", 2)]
    [InlineData(":$7$101$DowlEAjG/B85yGmk$MJgd3GZkLWs6a7LQ0ST2M18e0vO74eHW8SRXqjaZrmKF5d8k740H6LRXNuJw6gbaiP6nsG4n/68sPfIvicoctQ==", 2)]
    [InlineData("dev-a:$7$0$DowlEAjG/B85yGmk$MJgd3GZkLWs6a7LQ0ST2M18e0vO74eHW8SRXqjaZrmKF5d8k740H6LRXNuJw6gbaiP6nsG4n/68sPfIvicoctQ==", 2)]
    [InlineData("dev-a:$7$101$DowlEAjG/B85yGmk$notbase64!", 2)]
    [InlineData("dev-a:$7$101$DowlEAjG/B85yGmk$c2hvcnQ=", 2)]
    [InlineData("dup:$6$c2FsdA==$MJgd3GZkLWs6a7LQ0ST2M18e0vO74eHW8SRXqjaZrmKF5d8k740H6LRXNuJw6gbaiP6nsG4n/68sPfIvicoctQ==", 3)]
    public void A_malformed_line_is_refused_with_its_file_and_line_number(string line, int lineNumber)
    {
        var text = "# users\n" + line + "\n";
        if (line.StartsWith("dup:", StringComparison.Ordinal))
        {
            text += line + "\n";
        }

        var e = Assert.Throws<FormatException>(() => CredentialsFile.Parse(text, "site.credentials"));

        Assert.StartsWith($"site.credentials:{lineNumber}:", e.Message);
    }

    [Fact]
    public void The_running_broker_keeps_the_last_good_users_when_the_file_is_broken()
    {
        var path = PathOf("credentials");
        CredentialsFile.AddOrReplace(path, "dev-a", "one", iterations: 100);
        var source = new CredentialsSource(path);
        Assert.True(source.Verify("dev-a", "one"));

        File.WriteAllText(path, "dev-a:garbage\n");

        Assert.True(source.Verify("dev-a", "one"));
        Assert.Equal(1, source.ReloadFailures);
        CredentialsFile.Remove(path, "dev-a");
        CredentialsFile.AddOrReplace(path, "dev-b", "two", iterations: 100);
        Assert.False(source.Verify("dev-a", "one"));
        Assert.True(source.Verify("dev-b", "two"));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_rewrite_that_cannot_be_put_in_place_leaves_no_copy_of_the_hashes_behind()
    {
        // The target is a folder holding a file: the temporary copy is written, then its rename fails.
        var path = PathOf("credentials");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep"), "");

        Assert.ThrowsAny<IOException>(() => CredentialsFile.AddOrReplace(path, "dev-a", "secret-a", iterations: 101));

        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_rewrite_keeps_the_mode_the_operator_gave_the_file(UnixFileMode mode)
    {
        var path = PathOf("credentials");
        CredentialsFile.AddOrReplace(path, "dev-a", "secret-a", iterations: 101);
        File.SetUnixFileMode(path, mode);

        CredentialsFile.AddOrReplace(path, "dev-b", "secret-b", iterations: 101);

        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(["dev-a", "dev-b"], CredentialsFile.Load(path).Usernames.Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
