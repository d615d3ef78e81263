using System.Collections.Concurrent;
using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Host;

/// <summary>Flash for a virtual meter: named blobs in memory, copied on write (as atomic as the real temp-file-then-move).</summary>
public sealed class InMemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new();

    /// <summary>Writes fail while set (a worn or full flash).</summary>
    public bool FailWrites { get; set; }

    /// <summary>Erases every blob, as a flash erase (<c>nanoff --masserase</c>) or a new board would have none.</summary>
    public void Erase() => _blobs.Clear();

    /// <summary>Successful writes, per blob name.</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new();

    /// <inheritdoc />
    public byte[]? Read(string name) => _blobs.TryGetValue(name, out var b) ? (byte[])b.Clone() : null;

    /// <inheritdoc />
    public bool Write(string name, byte[] data, int count)
    {
        if (FailWrites)
        {
            return false;
        }

        _blobs[name] = data.AsSpan(0, count).ToArray();
        Writes.AddOrUpdate(name, 1, (_, n) => n + 1);
        return true;
    }
}
