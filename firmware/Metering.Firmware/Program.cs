using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using Metering.Firmware.Buses;
using Metering.Firmware.Core;
using Metering.Firmware.Loops;
using Metering.Firmware.Mqtt;
using Metering.Firmware.Platform;
using Metering.Protocol;

namespace Metering.Firmware
{
    /// <summary>
    /// The ESP32 composition root: adapters for the core's seams, the meter runtime, its threads, then the network.
    /// Sampling starts before Wi-Fi, so a box whose network is down still meters and still pulses its watchdog.
    /// </summary>
    public static class Program
    {
        private const int InaPauseMilliseconds = 5;
        private const int PzemPauseMilliseconds = 10;
        private const int ServicePauseMilliseconds = 50;
        private const int SupervisorPeriodMilliseconds = 500;
        private const int ServiceStallSeconds = 300;

        /// <summary>Entry point; never returns.</summary>
        public static void Main()
        {
            Debug.WriteLine("metering: starting " + Secrets.DeviceId);
            var clock = new EspClock();
            var platform = new EspPlatform();
            var options = new MeterOptions();
            options.DeviceId = Secrets.DeviceId;
            options.Password = Secrets.MqttPassword;
            options.RandomSeed = Seed(Secrets.DeviceId);

            // M2Mqtt's in-flight queue holds telemetry in flight, events and status/birth: bound it, but above what the core sends.
            var link = new M2MqttLink(Secrets.MqttHost, Secrets.MqttPort, Secrets.MqttUseTls, Secrets.MqttCaCertPem,
                options.MaxInFlight + options.EventCapacity + 4);
            var runtime = new MeterRuntime(options, clock, new FlashStorage(FlashStorage.InternalDrive), link, new EspSensorFactory(), platform);
            runtime.Start();

            var ina = new PassLoop("sampling ina219", delegate { runtime.SampleDue(SensorKind.Ina219); }, InaPauseMilliseconds, 100);
            var pzem = new PassLoop("sampling pzem004t", delegate { runtime.SampleDue(SensorKind.Pzem004t); }, PzemPauseMilliseconds, 100);
            var service = new PassLoop("service", runtime.Service, ServicePauseMilliseconds, 20);
            ina.Start(ThreadPriority.AboveNormal);
            pzem.Start(ThreadPriority.AboveNormal);
            service.Start(ThreadPriority.Normal);

            var gpio = new GpioController();
            var supervisor = new Supervisor(runtime, platform, clock, new PassLoop[] { ina, pzem }, service,
                new DigitalOutput(gpio, Pins.StatusLed), new DigitalOutput(gpio, Pins.WatchdogDone),
                options.WatchdogTimeoutSeconds, ServiceStallSeconds);
            supervisor.Start(SupervisorPeriodMilliseconds);

            // The main thread keeps the network: once joined, the ESP32 rejoins by itself after a drop.
            Wifi.ConnectUntilUp(Secrets.WifiSsid, Secrets.WifiPassword, 20000, 5000, 300000);
            TimeSync.Start(Secrets.NtpServer);
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>Reconnect jitter seed: differs between devices (so a fleet does not reconnect in step), stable per device.</summary>
        private static int Seed(string deviceId)
        {
            int hash = 17;
            for (int i = 0; i < deviceId.Length; i++)
            {
                hash = unchecked((hash * 31) + deviceId[i]);
            }

            return hash;
        }
    }
}
