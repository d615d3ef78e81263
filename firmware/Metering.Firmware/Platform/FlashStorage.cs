using System;
using System.IO;
using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Platform
{
    /// <summary>
    /// Named blobs as files on the internal flash drive (I:\). A write goes to "name.tmp", then the old file is deleted
    /// and the temporary file renamed over it, so a power cut leaves a complete old or new blob (README, "Flash
    /// writes and power cuts"). Never throws: a failed read is null, a failed write is false.
    /// </summary>
    public sealed class FlashStorage : IStorage
    {
        /// <summary>The ESP32's internal flash drive in nanoFramework.</summary>
        public const string InternalDrive = "I:\\";

        private const string TempSuffix = ".tmp";
        private readonly string _directory;
        private readonly object _lock = new object();

        /// <summary>Stores blobs in <paramref name="directory"/> (a drive root such as <see cref="InternalDrive"/>).</summary>
        public FlashStorage(string directory)
        {
            _directory = directory;
        }

        /// <summary>Writes that threw (flash full or worn, file system error) since boot.</summary>
        public int WriteFailures { get; private set; }

        /// <inheritdoc />
        public byte[] Read(string name)
        {
            lock (_lock)
            {
                string path = FullPath(name);
                if (Exists(path))
                {
                    return ReadFile(path);
                }

                // Power cut after the old file was deleted and before the rename: the complete new blob is the temp file.
                return ReadFile(path + TempSuffix);
            }
        }

        /// <inheritdoc />
        public bool Write(string name, byte[] data, int count)
        {
            lock (_lock)
            {
                string path = FullPath(name);
                string temp = path + TempSuffix;
                try
                {
                    // Finish an interrupted replacement first, or truncating the temp file would destroy the only copy.
                    if (!File.Exists(path) && File.Exists(temp))
                    {
                        File.Move(temp, path);
                    }

                    // FileStream rather than File.WriteAllBytes: the blob is the first count bytes of a reused buffer.
                    using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
                    {
                        stream.Write(data, 0, count);
                        stream.Flush();
                    }

                    // File.Move refuses an existing destination, so the old file goes first.
                    File.Delete(path);
                    File.Move(temp, path);
                    return true;
                }
                catch (Exception)
                {
                    WriteFailures++;
                    return false;
                }
            }
        }

        private string FullPath(string name)
        {
            return _directory + name;
        }

        private static bool Exists(string path)
        {
            try
            {
                return File.Exists(path);
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static byte[] ReadFile(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception)
            {
                // Missing, truncated or unreadable: the core starts without it (and its CRC rejects what is corrupt).
                return null;
            }
        }
    }
}
