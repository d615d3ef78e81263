using System;
using System.Diagnostics;
using nanoFramework.Networking;

namespace Metering.Firmware.Platform
{
    /// <summary>
    /// Points the native SNTP client at the site's NTP server and (re)starts it. It then resyncs about hourly on its
    /// own; the clock reports synced once the UTC time is plausible (EspClock).
    /// </summary>
    public static class TimeSync
    {
        /// <summary>Uses <paramref name="server"/> as both SNTP servers and requests a sync now.</summary>
        public static void Start(string server)
        {
            try
            {
                if (server != null && server.Length > 0)
                {
                    Sntp.Server1 = server;
                    Sntp.Server2 = server;
                }

                if (Sntp.IsStarted)
                {
                    // Restarts the service, so the servers set above take effect at once.
                    Sntp.UpdateNow();
                }
                else
                {
                    Sntp.Start();
                }
            }
            catch (Exception e)
            {
                Debug.WriteLine("SNTP: could not start: " + e.Message);
            }
        }
    }
}
