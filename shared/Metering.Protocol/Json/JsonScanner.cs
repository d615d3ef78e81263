namespace Metering.Protocol.Json
{
    /// <summary>
    /// The lexical half of the strict JSON reader: whitespace, literals, numbers and UTF-8 strings over a byte
    /// range, without allocating. Every failure records a <see cref="ProtocolError"/> and returns false.
    /// </summary>
    internal partial class JsonScanner
    {
        /// <summary>Longest string value held in full; longer ones are measured and refused by their field.</summary>
        internal const int ScratchChars = 256;

        protected readonly byte[] Data;
        protected readonly int End;
        protected int Pos;

        protected JsonScanner(byte[] data, int offset, int count)
        {
            Data = data;
            Pos = offset;
            End = offset + count;
        }

        /// <summary>The first error met, or null.</summary>
        public ProtocolError Error { get; private set; }

        private string _parent;
        private int _index;
        private string _name;

        /// <summary>
        /// Sets where the next value lies (<paramref name="parent"/>[<paramref name="index"/>].<paramref name="name"/>),
        /// for error paths; builds no string until an error needs one.
        /// </summary>
        protected void At(string parent, int index, string name)
        {
            _parent = parent;
            _index = index;
            _name = name;
        }

        /// <summary>Records <paramref name="reason"/> at the current location and byte; always returns false.</summary>
        protected bool Fail(ErrorReason reason, string detail)
        {
            if (Error == null)
            {
                Error = new ProtocolError(reason, ProtocolError.Path(_parent, _index, _name), detail, Pos);
            }

            return false;
        }

        /// <summary>Records an error that is about a value, not a byte position; always returns false.</summary>
        protected bool Fail(ProtocolError error)
        {
            if (Error == null)
            {
                Error = error;
            }

            return false;
        }

        /// <summary>Skips JSON whitespace; false (truncated) at the end of input.</summary>
        protected bool SkipWhitespace()
        {
            while (Pos < End)
            {
                byte b = Data[Pos];
                if (b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09)
                {
                    return true;
                }

                Pos++;
            }

            return Fail(ErrorReason.Truncated, "document ends early");
        }

        /// <summary>True when only whitespace remains.</summary>
        protected bool AtEndAfterWhitespace()
        {
            while (Pos < End)
            {
                byte b = Data[Pos];
                if (b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09)
                {
                    return false;
                }

                Pos++;
            }

            return true;
        }

        /// <summary>Consumes the exact ASCII <paramref name="literal"/> (true, false, null, NaN, Infinity).</summary>
        protected bool MatchLiteral(string literal)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                if (Pos >= End)
                {
                    return Fail(ErrorReason.Truncated, "document ends inside '" + literal + "'");
                }

                if (Data[Pos] != (byte)literal[i])
                {
                    return Fail(ErrorReason.MalformedJson, "unexpected character");
                }

                Pos++;
            }

            return true;
        }

        /// <summary>
        /// Scans a JSON number at Pos. Sets <paramref name="value"/> when it is an integer within +-(2^53-1);
        /// <paramref name="tooLarge"/> when it is an integer beyond that. Fails on malformed numbers,
        /// fractions and exponents (<c>number_not_integer</c>) and exponents past the double range (<c>non_finite_number</c>).
        /// </summary>
        protected bool ScanInteger(out long value, out bool tooLarge)
        {
            value = 0;
            tooLarge = false;
            bool negative = false;
            if (Data[Pos] == (byte)'-')
            {
                negative = true;
                Pos++;
                if (Pos >= End)
                {
                    return Fail(ErrorReason.Truncated, "document ends inside a number");
                }

                if (Data[Pos] == (byte)'I')
                {
                    return MatchLiteral("Infinity") && Fail(ErrorReason.NonFiniteNumber, "-Infinity is not a JSON number");
                }
            }

            int intDigits = 0;
            byte first = Data[Pos];
            if (first == (byte)'0')
            {
                Pos++;
                intDigits = 1;
                if (Pos < End && IsDigit(Data[Pos]))
                {
                    return Fail(ErrorReason.MalformedJson, "leading zero in a number");
                }
            }
            else if (first >= (byte)'1' && first <= (byte)'9')
            {
                while (Pos < End && IsDigit(Data[Pos]))
                {
                    if (value > ProtocolLimits.MaxSafeInteger)
                    {
                        tooLarge = true;
                    }
                    else
                    {
                        value = (value * 10) + (Data[Pos] - (byte)'0');
                    }

                    intDigits++;
                    Pos++;
                }
            }
            else
            {
                return Fail(ErrorReason.MalformedJson, "a number needs digits");
            }

            bool integral = true;
            if (Pos < End && Data[Pos] == (byte)'.')
            {
                integral = false;
                Pos++;
                if (!ScanDigits(out _))
                {
                    return false;
                }
            }

            if (Pos < End && (Data[Pos] == (byte)'e' || Data[Pos] == (byte)'E'))
            {
                integral = false;
                Pos++;
                bool negativeExponent = false;
                if (Pos < End && (Data[Pos] == (byte)'+' || Data[Pos] == (byte)'-'))
                {
                    negativeExponent = Data[Pos] == (byte)'-';
                    Pos++;
                }

                if (!ScanDigits(out long exponent))
                {
                    return false;
                }

                if (!negativeExponent && exponent + intDigits - 1 > 308)
                {
                    return Fail(ErrorReason.NonFiniteNumber, "number is beyond the double range");
                }
            }

            if (!integral)
            {
                return Fail(ErrorReason.NumberNotInteger, "v1 numbers are integers, without fraction or exponent");
            }

            if (value > ProtocolLimits.MaxSafeInteger)
            {
                tooLarge = true;
            }

            if (negative)
            {
                value = -value;
            }

            return true;
        }

        private bool ScanDigits(out long value)
        {
            value = 0;
            int start = Pos;
            while (Pos < End && IsDigit(Data[Pos]))
            {
                if (value < 100000)
                {
                    value = (value * 10) + (Data[Pos] - (byte)'0');
                }

                Pos++;
            }

            if (Pos > start)
            {
                return true;
            }

            return Pos >= End
                ? Fail(ErrorReason.Truncated, "document ends inside a number")
                : Fail(ErrorReason.MalformedJson, "digits expected");
        }

        protected static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }
    }
}
