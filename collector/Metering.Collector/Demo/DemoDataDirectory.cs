namespace Metering.Collector.Demo;

/// <summary>
/// The demo's data directory. Each run starts from an empty one, because a run's simulated clock runs ahead of the
/// wall clock and a second run would otherwise write over the first one's times. A directory is emptied only when a
/// marker file says an earlier demo made it; anything else that is not empty is refused, never deleted.
/// </summary>
internal static class DemoDataDirectory
{
    /// <summary>The marker file's name.</summary>
    public const string MarkerName = ".metering-demo";

    /// <summary>Creates or empties <paramref name="path"/> and marks it as the demo's.</summary>
    /// <exception cref="IOException">The directory holds files that no demo wrote.</exception>
    public static void Prepare(string path)
    {
        var dir = new DirectoryInfo(path);
        if (dir.Exists && dir.EnumerateFileSystemInfos().Any())
        {
            if (!File.Exists(Path.Combine(dir.FullName, MarkerName)))
            {
                throw new IOException($"{dir.FullName} is not empty and was not made by `metering demo` (no {MarkerName} in it): give an empty or new --data");
            }

            foreach (var entry in dir.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo sub)
                {
                    sub.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }

        dir.Create();
        File.WriteAllText(Path.Combine(dir.FullName, MarkerName), "made by `metering demo`: the next demo run empties this directory\n");
    }
}
