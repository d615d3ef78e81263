namespace Metering.Protocol
{
    /// <summary>One channel of a config message. Defaults are those the contract states for absent fields.</summary>
    public sealed class ChannelConfig
    {
        /// <summary>Default INA219 sampling rate in Hz.</summary>
        public const int DefaultIna219RateHz = 20;

        /// <summary>Default INA219 bus range in volts.</summary>
        public const int DefaultBusRangeVolts = 32;

        /// <summary>Default INA219 averaging (12-bit conversions per reading): 64 x 532 us = 34 ms, two thirds of a 20 Hz period (Sampling README).</summary>
        public const int DefaultAdcAverage = 64;

        /// <summary>Gain of 1 in parts per million.</summary>
        public const int UnityGainPpm = 1000000;

        /// <summary>Creates a channel with the contract's defaults (rate 0 means "the kind's default").</summary>
        public ChannelConfig()
        {
            GainPpm = UnityGainPpm;
            Label = "";
        }

        /// <summary>Channel id.</summary>
        public int ChannelId { get; set; }

        /// <summary>Sensor kind.</summary>
        public SensorKind Kind { get; set; }

        /// <summary>Bus address: INA219 I2C 0x40..0x4F, PZEM Modbus 1..247.</summary>
        public int Address { get; set; }

        /// <summary>What the channel measures, for people; "" when absent.</summary>
        public string Label { get; set; }

        /// <summary>Sampling rate in Hz; 0 when absent (INA219 20 Hz, PZEM 1 Hz).</summary>
        public int RateHz { get; set; }

        /// <summary>Calibration gain on power in ppm (1,000,000 = x1).</summary>
        public int GainPpm { get; set; }

        /// <summary>Calibration offset on power in milliwatts.</summary>
        public int OffsetMilliwatts { get; set; }

        /// <summary>INA219 shunt resistance in micro-ohms (0 for PZEM).</summary>
        public int ShuntMicroohms { get; set; }

        /// <summary>INA219 largest expected current in milliamps (0 for PZEM).</summary>
        public int MaxCurrentMilliamps { get; set; }

        /// <summary>INA219 bus range in volts, 16 or 32; 0 when absent (32).</summary>
        public int BusRangeVolts { get; set; }

        /// <summary>INA219 averaging, 1..128 in powers of two; 0 when absent (64).</summary>
        public int AdcAverage { get; set; }

        /// <summary>The rate in effect: RateHz, or the kind's default when absent.</summary>
        public int EffectiveRateHz { get { return RateHz != 0 ? RateHz : (Kind == SensorKind.Ina219 ? DefaultIna219RateHz : 1); } }

        /// <summary>The bus range in effect.</summary>
        public int EffectiveBusRangeVolts { get { return BusRangeVolts != 0 ? BusRangeVolts : DefaultBusRangeVolts; } }

        /// <summary>The averaging in effect.</summary>
        public int EffectiveAdcAverage { get { return AdcAverage != 0 ? AdcAverage : DefaultAdcAverage; } }
    }
}
