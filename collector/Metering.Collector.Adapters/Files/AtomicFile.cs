using System.Text;

namespace Metering.Collector.Files;

/// <summary>
/// Replaces a file atomically (a temporary file beside it, then a rename), so a reader never sees half a file, and
/// without the new content ever being readable by others: the temporary file is created 0600 (never with the umask's
/// default, 0644 on most systems), given its final mode only once written and flushed, and deleted if anything fails.
/// For the data directory's files, the broker's credentials file (password hashes) and its retained-message store.
/// </summary>
public static class AtomicFile
{
    /// <summary>Owner read and write (0600): a data file's mode when nothing else is configured, and every temporary copy's.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/>, which ends with <paramref name="mode"/>.</summary>
    public static void Write(string path, string text, UnixFileMode mode = Private)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), mode);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, which ends with <paramref name="mode"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = Private)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Private;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // Set exactly: a create mode is masked by the umask (0640 survives a umask of 027 this way too).
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
