using Metering.Protocol.Schema;

namespace Metering.Protocol.Json
{
    /// <summary>
    /// The structural half of the strict JSON reader: one top-level object, members, arrays, and values read
    /// against their <see cref="FieldSpec"/> (type, integer-ness, range, length). Decoders drive it field by field.
    /// </summary>
    internal sealed class JsonReader : JsonScanner
    {
        private readonly bool[] _first = new bool[ProtocolLimits.MaxDepth + 2];
        private int _depth;

        public JsonReader(byte[] data, int offset, int count)
            : base(data, offset, count)
        {
        }

        /// <summary>Checks the payload's size, then opens the top-level object.</summary>
        public bool BeginDocument()
        {
            At(null, 0, null);
            if (End - Pos == 0)
            {
                return Fail(ErrorReason.PayloadEmpty, "the payload is empty");
            }

            if (End - Pos > ProtocolLimits.MaxPayloadBytes)
            {
                return Fail(ErrorReason.PayloadTooLarge, "the payload exceeds " + ProtocolLimits.MaxPayloadBytes.ToString() + " bytes");
            }

            if (Data[Pos] == 0xEF)
            {
                return Fail(ErrorReason.MalformedJson, "a byte-order mark is not allowed");
            }

            return SkipWhitespace() && Open((byte)'{', "an object (the document)");
        }

        /// <summary>Succeeds when only whitespace follows the top-level object.</summary>
        public bool EndDocument()
        {
            At(null, 0, null);
            return AtEndAfterWhitespace() || Fail(ErrorReason.TrailingData, "data after the top-level object");
        }

        /// <summary>Opens the object that is item <paramref name="index"/> of the array <paramref name="parent"/>.</summary>
        public bool BeginItemObject(string parent, int index)
        {
            At(parent, index, null);
            return Open((byte)'{', "an object");
        }

        /// <summary>Opens the array of <paramref name="spec"/>.</summary>
        public bool BeginArray(FieldSpec spec, string parent, int index)
        {
            At(parent, index, spec.Name);
            return Open((byte)'[', "an array");
        }

        /// <summary>
        /// Moves to the next member of the current object: <paramref name="more"/> is false after the closing brace;
        /// otherwise the key is scanned (see <see cref="KeyIndex"/>) and Pos is at its value.
        /// </summary>
        public bool NextMember(string parent, int index, out bool more)
        {
            At(parent, index, null);
            more = false;
            if (!NextEntry((byte)'}', out more) || !more)
            {
                return Error == null;
            }

            if (Data[Pos] != (byte)'"')
            {
                return Fail(ErrorReason.MalformedJson, "expected a member name");
            }

            if (!ScanString() || !SkipWhitespace())
            {
                return false;
            }

            if (Data[Pos] != (byte)':')
            {
                return Fail(ErrorReason.MalformedJson, "expected ':' after a member name");
            }

            Pos++;
            return SkipWhitespace();
        }

        /// <summary>Moves to the next array item: <paramref name="more"/> is false after the closing bracket.</summary>
        public bool NextItem(string parent, int index, string name, out bool more)
        {
            At(parent, index, name);
            return NextEntry((byte)']', out more);
        }

        /// <summary>Index in <paramref name="specs"/> of the member name just scanned, or -1.</summary>
        public int KeyIndex(FieldSpec[] specs)
        {
            for (int i = 0; i < specs.Length; i++)
            {
                if (ScratchEquals(specs[i].Name))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The member name just scanned.</summary>
        public string Key()
        {
            return ScratchString();
        }

        /// <summary>Reads an integer value for <paramref name="spec"/>, checking its range.</summary>
        public bool ReadInteger(FieldSpec spec, string parent, int index, out long value)
        {
            At(parent, index, spec.Name);
            value = 0;
            byte b = Data[Pos];
            if (b != (byte)'-' && !IsDigit(b))
            {
                return TypeError("an integer");
            }

            bool tooLarge;
            if (!ScanInteger(out value, out tooLarge))
            {
                return false;
            }

            if (tooLarge)
            {
                return Fail(value < 0 && spec.Min >= 0 ? ErrorReason.NegativeNumber : ErrorReason.OutOfRange,
                    "beyond the largest v1 integer, 2^53-1");
            }

            ProtocolError rangeError = spec.CheckValue(value, parent, index);
            return rangeError == null || Fail(rangeError);
        }

        /// <summary>Reads a boolean value for <paramref name="spec"/>.</summary>
        public bool ReadBoolean(FieldSpec spec, string parent, int index, out bool value)
        {
            At(parent, index, spec.Name);
            value = Data[Pos] == (byte)'t';
            if (Data[Pos] == (byte)'t')
            {
                return MatchLiteral("true");
            }

            if (Data[Pos] == (byte)'f')
            {
                return MatchLiteral("false");
            }

            return TypeError("true or false");
        }

        /// <summary>Reads a string value for <paramref name="spec"/>, checking its length.</summary>
        public bool ReadString(FieldSpec spec, string parent, int index, out string value)
        {
            At(parent, index, spec.Name);
            value = null;
            if (Data[Pos] != (byte)'"')
            {
                return TypeError("a string");
            }

            if (!ScanString())
            {
                return false;
            }

            ProtocolError lengthError = spec.CheckLength(StringLength, parent, index);
            if (lengthError != null)
            {
                return Fail(lengthError);
            }

            value = ScratchString();
            return true;
        }

        /// <summary>
        /// Reads a string value for <paramref name="spec"/> and matches it against <paramref name="choices"/> without
        /// allocating: <paramref name="choice"/> is the matching index, or -1 when the string is none of them.
        /// </summary>
        public bool ReadChoice(FieldSpec spec, string parent, int index, string[] choices, out int choice)
        {
            At(parent, index, spec.Name);
            choice = -1;
            if (Data[Pos] != (byte)'"')
            {
                return TypeError("a string");
            }

            if (!ScanString())
            {
                return false;
            }

            ProtocolError lengthError = spec.CheckLength(StringLength, parent, index);
            if (lengthError != null)
            {
                return Fail(lengthError);
            }

            for (int i = 0; i < choices.Length; i++)
            {
                if (ScratchEquals(choices[i]))
                {
                    choice = i;
                    break;
                }
            }

            return true;
        }

        /// <summary>Skips the value of an unknown member, enforcing the depth limit.</summary>
        public bool SkipValue(string parent, int index, string name)
        {
            At(parent, index, name);
            byte b = Data[Pos];
            if (b == (byte)'{' || b == (byte)'[')
            {
                byte close = b == (byte)'{' ? (byte)'}' : (byte)']';
                if (!Open(b, null))
                {
                    return false;
                }

                bool more;
                while (true)
                {
                    if (close == (byte)'}' ? !NextMember(parent, index, out more) : !NextItem(parent, index, name, out more))
                    {
                        return false;
                    }

                    if (!more)
                    {
                        return true;
                    }

                    if (!SkipValue(parent, index, name))
                    {
                        return false;
                    }
                }
            }

            if (b == (byte)'"') return ScanString();
            if (b == (byte)'t') return MatchLiteral("true");
            if (b == (byte)'f') return MatchLiteral("false");
            if (b == (byte)'n') return MatchLiteral("null");
            if (b == (byte)'-' || IsDigit(b))
            {
                long ignored;
                bool tooLarge;
                return ScanInteger(out ignored, out tooLarge);
            }

            return TypeError("a value");
        }

        private bool Open(byte open, string wrongTypeDetail)
        {
            if (Data[Pos] != open)
            {
                return TypeError(wrongTypeDetail);
            }

            if (_depth >= ProtocolLimits.MaxDepth)
            {
                return Fail(ErrorReason.TooDeep, "nesting deeper than " + ProtocolLimits.MaxDepth.ToString());
            }

            Pos++;
            _depth++;
            _first[_depth] = true;
            return true;
        }

        private bool NextEntry(byte close, out bool more)
        {
            more = false;
            if (!SkipWhitespace())
            {
                return false;
            }

            if (_first[_depth])
            {
                _first[_depth] = false;
                if (Data[Pos] == close)
                {
                    Pos++;
                    _depth--;
                    return true;
                }
            }
            else if (Data[Pos] == close)
            {
                Pos++;
                _depth--;
                return true;
            }
            else if (Data[Pos] == (byte)',')
            {
                Pos++;
                if (!SkipWhitespace())
                {
                    return false;
                }

                if (Data[Pos] == close)
                {
                    return Fail(ErrorReason.MalformedJson, "trailing comma");
                }
            }
            else
            {
                return Fail(ErrorReason.MalformedJson, close == (byte)'}' ? "expected ',' or '}'" : "expected ',' or ']'");
            }

            more = true;
            return true;
        }

        /// <summary>
        /// Explains a value of the wrong kind: NaN and Infinity are <c>non_finite_number</c>, a byte that cannot start
        /// any JSON value is <c>malformed_json</c>, any other JSON value is <c>wrong_type</c>.
        /// </summary>
        private bool TypeError(string expected)
        {
            byte b = Data[Pos];
            if (b == (byte)'N')
            {
                return MatchLiteral("NaN") && Fail(ErrorReason.NonFiniteNumber, "NaN is not a JSON number");
            }

            if (b == (byte)'I')
            {
                return MatchLiteral("Infinity") && Fail(ErrorReason.NonFiniteNumber, "Infinity is not a JSON number");
            }

            if (b == (byte)'-' && Pos + 1 < End && Data[Pos + 1] == (byte)'I')
            {
                long ignored;
                bool tooLarge;
                return ScanInteger(out ignored, out tooLarge);
            }

            bool startsValue = b == (byte)'{' || b == (byte)'[' || b == (byte)'"' || b == (byte)'t' || b == (byte)'f'
                || b == (byte)'n' || b == (byte)'-' || IsDigit(b);
            if (!startsValue || expected == null)
            {
                return Fail(ErrorReason.MalformedJson, "unexpected character");
            }

            // A literal is only a value of another type once it is spelled out ("not json" is not null).
            int start = Pos;
            string literal = b == (byte)'t' ? "true" : b == (byte)'f' ? "false" : b == (byte)'n' ? "null" : null;
            if (literal != null && !MatchLiteral(literal))
            {
                return false;
            }

            Pos = start;

            return Fail(ErrorReason.WrongType, "expected " + expected + ", got " + Describe(b));
        }

        private static string Describe(byte b)
        {
            if (b == (byte)'{') return "an object";
            if (b == (byte)'[') return "an array";
            if (b == (byte)'"') return "a string";
            if (b == (byte)'t' || b == (byte)'f') return "a boolean";
            if (b == (byte)'n') return "null";
            return "a number";
        }
    }
}
