using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Networking;

namespace Metering.Firmware.Platform
{
    /// <summary>
    /// Joins the Wi-Fi network with DHCP. Once joined, the ESP32 reconnects by itself after a drop
    /// (WifiReconnectionKind.Automatic), so this only has to succeed once per boot.
    /// </summary>
    public static class Wifi
    {
        /// <summary>
        /// Tries until connected, waiting <paramref name="attemptMilliseconds"/> per attempt and pausing between attempts
        /// from <paramref name="firstPauseMilliseconds"/>, doubling up to <paramref name="maxPauseMilliseconds"/>.
        /// Returns only when connected; run it on a thread that has nothing else to do (the main thread).
        /// </summary>
        public static void ConnectUntilUp(string ssid, string password, int attemptMilliseconds, int firstPauseMilliseconds, int maxPauseMilliseconds)
        {
            int pause = firstPauseMilliseconds;
            for (int attempt = 1; ; attempt++)
            {
                if (TryConnect(ssid, password, attemptMilliseconds))
                {
                    Debug.WriteLine("Wi-Fi: connected to '" + ssid + "' (attempt " + attempt.ToString() + ")");
                    return;
                }

                Thread.Sleep(pause);
                pause = pause >= maxPauseMilliseconds / 2 ? maxPauseMilliseconds : pause * 2;
            }
        }

        /// <summary>One DHCP connection attempt bounded by <paramref name="timeoutMilliseconds"/>; true when an IP address was obtained.</summary>
        public static bool TryConnect(string ssid, string password, int timeoutMilliseconds)
        {
            var timeout = new CancellationTokenSource(timeoutMilliseconds);
            try
            {
                // requiresDateTime: false, because metering must not wait for SNTP (TimeSync starts it afterwards).
                if (WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, requiresDateTime: false, token: timeout.Token))
                {
                    return true;
                }

                Exception cause = WifiNetworkHelper.HelperException;
                Debug.WriteLine("Wi-Fi: no connection to '" + ssid + "', helper status " + ((int)WifiNetworkHelper.Status).ToString()
                    + (cause == null ? string.Empty : ": " + cause.Message));
            }
            catch (Exception e)
            {
                Debug.WriteLine("Wi-Fi: connection attempt failed: " + e.Message);
            }
            finally
            {
                timeout.Dispose();
            }

            return false;
        }
    }
}
