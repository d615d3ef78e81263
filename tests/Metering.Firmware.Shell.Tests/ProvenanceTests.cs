using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Metering.Firmware.Shell.Tests;

/// <summary>
/// One list of device packages, held together: the shell's packages.config (what the device build restores), its .nfproj
/// references, the reference assemblies the compile check builds (DeviceApi.targets and DeviceApi/), and the table in
/// the shell's README that says where each reference surface was taken from.
/// </summary>
public sealed partial class ProvenanceTests
{
    private static readonly Dictionary<string, string> Packages = XDocument.Load(System.IO.Path.Combine(Repo.ShellDirectory, "packages.config"))
        .Root!.Elements("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);

    private static readonly List<string> DeviceApi = XDocument.Load(Repo.Path("firmware/Metering.Firmware.ShellCheck/DeviceApi.targets"))
        .Descendants("DeviceApi").Select(e => (string)e.Attribute("Include")!).ToList();

    private static List<string[]> TableRows()
    {
        var readme = File.ReadAllText(System.IO.Path.Combine(Repo.ShellDirectory, "README.md"));
        var start = readme.IndexOf("<!-- device-api -->", StringComparison.Ordinal);
        Assert.True(start >= 0, "the shell README has no '<!-- device-api -->' table");
        return [.. readme[start..].Split('\n').Skip(1).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())];
    }

    [Fact]
    public void Every_device_package_but_the_core_library_has_a_readme_row_at_its_pinned_version()
    {
        var rows = TableRows().ToDictionary(r => r[0], r => r[1]);

        var expected = Packages.Where(p => p.Key != "nanoFramework.CoreLibrary").OrderBy(p => p.Key, StringComparer.Ordinal);

        Assert.Equal(expected, rows.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void The_readme_names_exactly_the_reference_assemblies_the_check_builds_and_each_has_sources()
    {
        var named = TableRows().SelectMany(r => r[2].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('`')));
        var folders = Directory.GetDirectories(Repo.Path("firmware/Metering.Firmware.ShellCheck/DeviceApi")).Select(System.IO.Path.GetFileName);

        Assert.Equal(DeviceApi.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
        Assert.Equal(DeviceApi.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
        Assert.All(DeviceApi, a => Assert.NotEmpty(Directory.GetFiles(Repo.Path("firmware/Metering.Firmware.ShellCheck/DeviceApi/" + a), "*.cs")));
    }

    [Fact]
    public void The_nfproj_references_mscorlib_and_the_same_assemblies_from_the_pinned_packages()
    {
        var references = XDocument.Load(System.IO.Path.Combine(Repo.ShellDirectory, "Metering.Firmware.nfproj")).Descendants()
            .Where(e => e.Name.LocalName == "Reference")
            .Select(e => (Name: (string)e.Attribute("Include")!, HintPath: e.Elements().Single(h => h.Name.LocalName == "HintPath").Value))
            .ToList();

        Assert.Equal(DeviceApi.Append("mscorlib").Order(StringComparer.Ordinal), references.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(references, r =>
        {
            var match = HintPath().Match(r.HintPath);
            Assert.True(match.Success, r.HintPath);
            Assert.Equal(Packages[match.Groups["id"].Value], match.Groups["version"].Value);
            Assert.Equal(r.Name + ".dll", match.Groups["file"].Value);
        });
    }

    [GeneratedRegex(@"^packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\(?<file>[A-Za-z0-9.]+\.dll)$")]
    private static partial Regex HintPath();
}
