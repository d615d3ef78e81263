namespace Metering.Protocol.Schema
{
    /// <summary>
    /// One field of the v1 contract: its JSON name, type, unit, range and presence. The decoders and encoders
    /// check values against these, and a test checks the contract README's tables against them.
    /// </summary>
    public sealed class FieldSpec
    {
        /// <summary>Creates a field.</summary>
        /// <param name="name">JSON member name.</param>
        /// <param name="type">JSON type.</param>
        /// <param name="unit">Unit of the value, or "none".</param>
        /// <param name="min">Smallest value (integers), shortest length (strings) or fewest items (arrays).</param>
        /// <param name="max">Largest value, longest length or most items.</param>
        /// <param name="presence">Required, optional or conditional.</param>
        public FieldSpec(string name, FieldType type, string unit, long min, long max, Presence presence)
        {
            Name = name;
            Type = type;
            Unit = unit;
            Min = min;
            Max = max;
            Presence = presence;
        }

        /// <summary>JSON member name.</summary>
        public string Name { get; private set; }

        /// <summary>JSON type.</summary>
        public FieldType Type { get; private set; }

        /// <summary>Unit of the value ("mJ", "mW", ...), or "none".</summary>
        public string Unit { get; private set; }

        /// <summary>Smallest value, shortest string or fewest items.</summary>
        public long Min { get; private set; }

        /// <summary>Largest value, longest string or most items.</summary>
        public long Max { get; private set; }

        /// <summary>Whether the field must be present.</summary>
        public Presence Presence { get; private set; }

        /// <summary>
        /// Null when <paramref name="value"/> is inside [Min, Max]; otherwise <c>negative_number</c> (a negative value
        /// for a field that allows none) or <c>out_of_range</c>.
        /// </summary>
        public ProtocolError CheckValue(long value, string parent, int index)
        {
            if (value >= Min && value <= Max)
            {
                return null;
            }

            string path = ProtocolError.Path(parent, index, Name);
            string range = Min.ToString() + ".." + Max.ToString();
            if (value < 0 && Min >= 0)
            {
                return new ProtocolError(ErrorReason.NegativeNumber, path, "must be " + range + ", got " + value.ToString(), -1);
            }

            return new ProtocolError(ErrorReason.OutOfRange, path, "must be " + range + ", got " + value.ToString(), -1);
        }

        /// <summary>Null when a string's length is inside [Min, Max]; otherwise <c>string_too_long</c> or <c>out_of_range</c> (too short).</summary>
        public ProtocolError CheckLength(int length, string parent, int index)
        {
            if (length > Max)
            {
                return new ProtocolError(ErrorReason.StringTooLong, ProtocolError.Path(parent, index, Name),
                    "at most " + Max.ToString() + " characters, got " + length.ToString(), -1);
            }

            if (length < Min)
            {
                return new ProtocolError(ErrorReason.OutOfRange, ProtocolError.Path(parent, index, Name),
                    "at least " + Min.ToString() + " characters", -1);
            }

            return null;
        }

        /// <summary>The <c>missing_field</c> error for this field.</summary>
        public ProtocolError Missing(string parent, int index)
        {
            return new ProtocolError(ErrorReason.MissingField, ProtocolError.Path(parent, index, Name), "required field is absent", -1);
        }

        /// <summary>The <c>field_not_allowed</c> error for this field.</summary>
        public ProtocolError NotAllowed(string parent, int index, string why)
        {
            return new ProtocolError(ErrorReason.FieldNotAllowed, ProtocolError.Path(parent, index, Name), why, -1);
        }
    }
}
