namespace Metering.Protocol
{
    /// <summary>The sensor behind a channel.</summary>
    public enum SensorKind
    {
        /// <summary>Not a known sensor.</summary>
        Unknown = 0,

        /// <summary><c>ina219</c>: TI INA219 DC monitor on I2C (bus voltage and shunt current), e.g. a 12 V GPU rail.</summary>
        Ina219 = 1,

        /// <summary><c>pzem004t</c>: Peacefair PZEM-004T v3 AC meter on Modbus-RTU, e.g. a PSU feed.</summary>
        Pzem004t = 2,
    }

    /// <summary>Wire names of <see cref="SensorKind"/>.</summary>
    public static class SensorKinds
    {
        /// <summary>Wire name of the INA219.</summary>
        public const string Ina219Name = "ina219";

        /// <summary>Wire name of the PZEM-004T.</summary>
        public const string Pzem004tName = "pzem004t";

        /// <summary>The wire name of <paramref name="kind"/>, or null for Unknown.</summary>
        public static string Name(SensorKind kind)
        {
            switch (kind)
            {
                case SensorKind.Ina219: return Ina219Name;
                case SensorKind.Pzem004t: return Pzem004tName;
                default: return null;
            }
        }

        /// <summary>The kind named <paramref name="name"/>, or Unknown.</summary>
        public static SensorKind Parse(string name)
        {
            if (name == Ina219Name) return SensorKind.Ina219;
            if (name == Pzem004tName) return SensorKind.Pzem004t;
            return SensorKind.Unknown;
        }
    }
}
