using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Steps every codec shares: version and device fields, presence bits, encoder epilogue.</summary>
    internal static class CodecSupport
    {
        /// <summary>Reads <c>v</c> over any integer, so that another version is reported as such, not as out of range.</summary>
        private static readonly FieldSpec AnyVersion = new FieldSpec("v", FieldType.Integer, "none", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);

        /// <summary>Reads <c>device</c> over any length, so that a long id is reported as breaking the id rule.</summary>
        private static readonly FieldSpec AnyDevice = new FieldSpec("device", FieldType.String, "none", 0, long.MaxValue, Presence.Required);

        /// <summary>Reads <c>v</c> and refuses any version but 1.</summary>
        public static bool ReadVersion(JsonReader reader, out ProtocolError error)
        {
            long version;
            error = null;
            if (!reader.ReadInteger(AnyVersion, null, 0, out version))
            {
                error = reader.Error;
                return false;
            }

            if (version != ProtocolLimits.Version)
            {
                error = new ProtocolError(ErrorReason.UnsupportedVersion, "v", "this decoder reads version 1, got " + version.ToString(), -1);
                return false;
            }

            return true;
        }

        /// <summary>Reads <c>device</c> and checks the id rule.</summary>
        public static bool ReadDevice(JsonReader reader, out string deviceId, out ProtocolError error)
        {
            error = null;
            if (!reader.ReadString(AnyDevice, null, 0, out deviceId))
            {
                error = reader.Error;
                return false;
            }

            error = CheckDevice(deviceId);
            return error == null;
        }

        /// <summary><c>invalid_device_id</c> unless <paramref name="deviceId"/> follows the rule.</summary>
        public static ProtocolError CheckDevice(string deviceId)
        {
            if (DeviceId.IsValid(deviceId))
            {
                return null;
            }

            return new ProtocolError(ErrorReason.InvalidDeviceId, "device", "device ids are 1-32 of a-z, 0-9 and '-'", -1);
        }

        /// <summary>Marks field <paramref name="index"/> as seen; <c>duplicate_field</c> when it already was.</summary>
        public static ProtocolError MarkSeen(ref int seen, int index, FieldSpec spec, string parent, int item)
        {
            int bit = 1 << index;
            if ((seen & bit) != 0)
            {
                return new ProtocolError(ErrorReason.DuplicateField, ProtocolError.Path(parent, item, spec.Name), "field appears twice", -1);
            }

            seen |= bit;
            return null;
        }

        /// <summary>True when field <paramref name="index"/> was seen.</summary>
        public static bool Seen(int seen, int index)
        {
            return (seen & (1 << index)) != 0;
        }

        /// <summary>The <c>missing_field</c> error for the first Required field of <paramref name="specs"/> not seen, or null.</summary>
        public static ProtocolError FirstMissing(FieldSpec[] specs, int seen, string parent, int item)
        {
            for (int i = 0; i < specs.Length; i++)
            {
                if (specs[i].Presence == Presence.Required && !Seen(seen, i))
                {
                    return specs[i].Missing(parent, item);
                }
            }

            return null;
        }

        /// <summary>The error for an unknown member: ignored (null) unless <paramref name="strict"/>.</summary>
        public static ProtocolError Unknown(JsonReader reader, bool strict, string parent, int item)
        {
            string key = reader.Key();
            if (strict)
            {
                return new ProtocolError(ErrorReason.UnknownField, ProtocolError.Path(parent, item, key), "config messages refuse fields the contract does not define", -1);
            }

            return reader.SkipValue(parent, item, key) ? null : reader.Error;
        }

        /// <summary><c>invalid_value</c> for a string outside its enumeration.</summary>
        public static ProtocolError InvalidValue(FieldSpec spec, string parent, int item, string detail)
        {
            return new ProtocolError(ErrorReason.InvalidValue, ProtocolError.Path(parent, item, spec.Name), detail, -1);
        }

        /// <summary>The wire names of the sensor kinds, in <see cref="SensorKind"/> order after Unknown.</summary>
        private static readonly string[] KindNames = new string[] { SensorKinds.Ina219Name, SensorKinds.Pzem004tName };

        /// <summary>Reads a sensor kind name (without allocating); <c>invalid_value</c> for an unknown one.</summary>
        public static bool ReadKind(JsonReader reader, FieldSpec spec, string parent, int item, out SensorKind kind, out ProtocolError error)
        {
            int choice;
            kind = SensorKind.Unknown;
            error = null;
            if (!reader.ReadChoice(spec, parent, item, KindNames, out choice))
            {
                error = reader.Error;
                return false;
            }

            if (choice < 0)
            {
                error = InvalidValue(spec, parent, item, "sensor kinds are ina219 and pzem004t");
                return false;
            }

            kind = choice == 0 ? SensorKind.Ina219 : SensorKind.Pzem004t;
            return true;
        }

        /// <summary>Finishes an encoding: throws when it overflowed or held an unencodable string, else returns its length.</summary>
        public static int Finish(JsonWriter writer)
        {
            if (writer.BadString)
            {
                throw new ProtocolException(new ProtocolError(ErrorReason.InvalidValue, "$", "a string holds a lone UTF-16 surrogate", -1));
            }

            if (writer.Overflowed)
            {
                throw new ProtocolException(new ProtocolError(ErrorReason.PayloadTooLarge, "$",
                    "the message does not fit the buffer or the " + ProtocolLimits.MaxPayloadBytes.ToString() + "-byte limit", -1));
            }

            return writer.Length;
        }

        /// <summary>Copies the first <paramref name="length"/> bytes of <paramref name="buffer"/> into a new array.</summary>
        public static byte[] Copy(byte[] buffer, int length)
        {
            byte[] result = new byte[length];
            System.Array.Copy(buffer, result, length);
            return result;
        }

        /// <summary>Null when an optional number is absent (-1) or inside its range; otherwise the range error.</summary>
        public static ProtocolError CheckOptional(FieldSpec spec, long value, string parent, int item)
        {
            return value == -1 ? null : spec.CheckValue(value, parent, item);
        }

        /// <summary>Writes an optional number unless it is absent (-1).</summary>
        public static void WriteOptional(JsonWriter w, FieldSpec spec, long value)
        {
            if (value != -1)
            {
                w.Integer(spec, value);
            }
        }

        /// <summary>Throws <see cref="ProtocolException"/> when <paramref name="error"/> is set.</summary>
        public static void ThrowIf(ProtocolError error)
        {
            if (error != null)
            {
                throw new ProtocolException(error);
            }
        }

        /// <summary>The encoder's capacity: the buffer's room, capped at the payload limit.</summary>
        public static int Capacity(byte[] buffer, int offset)
        {
            int room = buffer.Length - offset;
            return room < ProtocolLimits.MaxPayloadBytes ? room : ProtocolLimits.MaxPayloadBytes;
        }
    }
}
