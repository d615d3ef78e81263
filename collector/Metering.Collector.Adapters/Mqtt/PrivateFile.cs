namespace Metering.Collector.Mqtt;

/// <summary>
/// Replaces a file atomically (a temporary file beside it, then a rename) without the new content ever being
/// readable by others: the temporary file is created 0600 (never with the umask's default, 0644 on most systems),
/// given the final mode only once written, and deleted if anything fails. For the credentials file (password hashes)
/// and the retained-message store.
/// </summary>
internal static class PrivateFile
{
    /// <summary>Owner read and write: how every temporary copy is created.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, which ends with <paramref name="mode"/>.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
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
