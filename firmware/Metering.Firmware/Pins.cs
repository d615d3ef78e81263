namespace Metering.Firmware
{
    /// <summary>
    /// The ESP32-DevKitC pin map fixed by hardware/wiring.md, section 1. Change it there first: technicians wire boxes
    /// from that table, never from this file.
    /// </summary>
    internal static class Pins
    {
        /// <summary>I2C controller of the INA219 bus (nanoFramework bus id 1 is the ESP32's I2C1).</summary>
        public const int I2cBusId = 1;

        /// <summary>I2C1 data line: GPIO18.</summary>
        public const int I2cData = 18;

        /// <summary>I2C1 clock line: GPIO19 (bus run at 400 kHz, wiring.md section 5).</summary>
        public const int I2cClock = 19;

        /// <summary>COM2 (the PZEM-004T bus; COM1 on GPIO1/3 belongs to the debugger) receive line: GPIO16, from the level shifter's LV1 (the PZEMs' TX bus).</summary>
        public const int PzemRx = 16;

        /// <summary>COM2 transmit line: GPIO17, to the level shifter's LV2 (the PZEMs' RX bus).</summary>
        public const int PzemTx = 17;

        /// <summary>PZEM-004T v3.0 line speed, fixed by the module (8N1).</summary>
        public const int PzemBaud = 9600;

        /// <summary>Status LED (through 1 kOhm to GND). GPIO2 is a strapping pin: it must never be driven high at reset.</summary>
        public const int StatusLed = 2;

        /// <summary>DONE input of the optional TPL5010 external watchdog (100 kOhm pull-down on the board).</summary>
        public const int WatchdogDone = 4;
    }
}
