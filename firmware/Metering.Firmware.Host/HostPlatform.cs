using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Host;

/// <summary>The platform of a virtual meter: a reboot is recorded (the host decides what restarting means).</summary>
public sealed class HostPlatform : IPlatform
{
    /// <summary>Reboots requested (by the watchdog).</summary>
    public int Reboots { get; private set; }

    /// <summary>Raised when the firmware asks to reboot.</summary>
    public event Action? RebootRequested;

    /// <inheritdoc />
    public void Reboot()
    {
        Reboots++;
        RebootRequested?.Invoke();
    }

    /// <inheritdoc />
    public long FreeHeapBytes() => -1;

    /// <inheritdoc />
    public int RssiDbm() => int.MinValue;

    /// <inheritdoc />
    public void RandomBytes(byte[] buffer) => System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
}
