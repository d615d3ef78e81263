namespace Metering.Firmware.Core.Platform
{
    /// <summary>
    /// Small named blobs in flash (the ESP32 shell: files on LittleFS drive I:\). Writes must be atomic: the shell
    /// writes a temporary file and moves it over the old one, so a power cut leaves either the old or the new blob.
    /// </summary>
    public interface IStorage
    {
        /// <summary>The blob named <paramref name="name"/>, or null when there is none (or it cannot be read).</summary>
        byte[] Read(string name);

        /// <summary>Replaces the blob atomically; false when the write failed (flash full, worn, I/O error).</summary>
        bool Write(string name, byte[] data, int count);
    }

    /// <summary>What the firmware needs from the device beyond time and storage.</summary>
    public interface IPlatform
    {
        /// <summary>Restarts the device (nanoFramework: Power.RebootDevice). Does not return on hardware.</summary>
        void Reboot();

        /// <summary>Free managed heap in bytes, or -1 when the platform does not tell.</summary>
        long FreeHeapBytes();

        /// <summary>Wi-Fi signal strength in dBm (-127..0), or int.MinValue when unknown.</summary>
        int RssiDbm();

        /// <summary>
        /// Fills <paramref name="buffer"/> from the platform's entropy source (ESP32: the hardware random number generator,
        /// which nanoFramework's System.Random reads). The device's incarnation is drawn from it.
        /// </summary>
        void RandomBytes(byte[] buffer);
    }
}
