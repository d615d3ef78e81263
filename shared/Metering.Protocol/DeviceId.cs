namespace Metering.Protocol
{
    /// <summary>The device id rule: 1 to 32 characters, each a lowercase ASCII letter, a digit or '-'.</summary>
    public static class DeviceId
    {
        /// <summary>True when <paramref name="id"/> follows the rule.</summary>
        public static bool IsValid(string id)
        {
            if (id == null || id.Length == 0 || id.Length > ProtocolLimits.MaxDeviceIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                if (!IsIdChar(id[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True for the characters a device id may hold.</summary>
        public static bool IsIdChar(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }
    }
}
