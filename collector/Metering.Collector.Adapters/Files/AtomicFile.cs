using System.Text;

namespace Metering.Collector.Files;

/// <summary>
/// Replaces a file of the data directory atomically (a temporary file beside it, then a rename), so a reader never
/// sees half a file, and with its permissions set when it is created: the temporary file is created with
/// <c>mode</c> (never the umask's default), so the new content is not readable by others even for a moment.
/// </summary>
public static class AtomicFile
{
    /// <summary>The mode of a data file when nothing else is configured: owner read and write (0600).</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> with <paramref name="mode"/>.</summary>
    public static void Write(string path, string text, UnixFileMode mode = Private)
    {
        ArgumentNullException.ThrowIfNull(text);
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The create mode is masked by the umask; set it exactly (0640 survives a umask of 027 too).
                File.SetUnixFileMode(temporary, mode);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
