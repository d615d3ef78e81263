namespace Metering.Protocol.Json
{
    /// <summary>String scanning: UTF-8 validation, escapes and surrogate pairs, into a fixed scratch buffer.</summary>
    internal partial class JsonScanner
    {
        private readonly char[] _scratch = new char[ScratchChars];
        private int _scratchLength;
        private int _stringLength;

        /// <summary>Length in UTF-16 code units of the last scanned string.</summary>
        protected int StringLength { get { return _stringLength; } }

        /// <summary>The last scanned string as a new string (its first <see cref="ScratchChars"/> characters).</summary>
        protected string ScratchString()
        {
            return new string(_scratch, 0, _scratchLength);
        }

        /// <summary>True when the last scanned string equals the ASCII <paramref name="name"/>.</summary>
        protected bool ScratchEquals(string name)
        {
            if (_stringLength != name.Length || _scratchLength != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (_scratch[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Scans a string at Pos (which holds the opening quote): checks UTF-8, escapes and control characters,
        /// keeps the first <see cref="ScratchChars"/> UTF-16 code units and counts them all.
        /// </summary>
        protected bool ScanString()
        {
            Pos++;
            _scratchLength = 0;
            _stringLength = 0;
            while (true)
            {
                if (Pos >= End)
                {
                    return Fail(ErrorReason.Truncated, "document ends inside a string");
                }

                byte b = Data[Pos];
                if (b == (byte)'"')
                {
                    Pos++;
                    return true;
                }

                if (b < 0x20)
                {
                    return Fail(ErrorReason.MalformedJson, "raw control character in a string");
                }

                if (b == (byte)'\\')
                {
                    if (!ScanEscape())
                    {
                        return false;
                    }
                }
                else if (b < 0x80)
                {
                    Append((char)b);
                    Pos++;
                }
                else if (!ScanUtf8())
                {
                    return false;
                }
            }
        }

        private void Append(char c)
        {
            if (_scratchLength < ScratchChars)
            {
                _scratch[_scratchLength++] = c;
            }

            _stringLength++;
        }

        private bool ScanEscape()
        {
            Pos++;
            if (Pos >= End)
            {
                return Fail(ErrorReason.Truncated, "document ends inside an escape");
            }

            byte e = Data[Pos++];
            switch (e)
            {
                case (byte)'"': Append('"'); return true;
                case (byte)'\\': Append('\\'); return true;
                case (byte)'/': Append('/'); return true;
                case (byte)'b': Append('\b'); return true;
                case (byte)'f': Append('\f'); return true;
                case (byte)'n': Append('\n'); return true;
                case (byte)'r': Append('\r'); return true;
                case (byte)'t': Append('\t'); return true;
                case (byte)'u': break;
                default:
                    Pos--;
                    return Fail(ErrorReason.MalformedJson, "unknown escape");
            }

            int unit;
            if (!ScanHex4(out unit))
            {
                return false;
            }

            if (unit >= 0xDC00 && unit <= 0xDFFF)
            {
                return Fail(ErrorReason.MalformedJson, "lone low surrogate escape");
            }

            if (unit >= 0xD800 && unit <= 0xDBFF)
            {
                int low;
                if (!MatchLiteral("\\u") || !ScanHex4(out low))
                {
                    return false;
                }

                if (low < 0xDC00 || low > 0xDFFF)
                {
                    return Fail(ErrorReason.MalformedJson, "high surrogate escape without its low half");
                }

                Append((char)unit);
                Append((char)low);
                return true;
            }

            Append((char)unit);
            return true;
        }

        private bool ScanHex4(out int unit)
        {
            unit = 0;
            for (int i = 0; i < 4; i++)
            {
                if (Pos >= End)
                {
                    return Fail(ErrorReason.Truncated, "document ends inside an escape");
                }

                int d = HexValue(Data[Pos]);
                if (d < 0)
                {
                    return Fail(ErrorReason.MalformedJson, "\\u needs four hex digits");
                }

                unit = (unit << 4) | d;
                Pos++;
            }

            return true;
        }

        private bool ScanUtf8()
        {
            byte b = Data[Pos];
            int need;
            int cp;
            int min;
            if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; min = 0x80; }
            else if (b >= 0xE0 && b <= 0xEF) { need = 2; cp = b & 0x0F; min = 0x800; }
            else if (b >= 0xF0 && b <= 0xF4) { need = 3; cp = b & 0x07; min = 0x10000; }
            else { return Fail(ErrorReason.InvalidUtf8, "invalid UTF-8 lead byte"); }

            if (Pos + need >= End)
            {
                return Fail(ErrorReason.Truncated, "document ends inside a UTF-8 sequence");
            }

            for (int i = 1; i <= need; i++)
            {
                byte c = Data[Pos + i];
                if ((c & 0xC0) != 0x80)
                {
                    return Fail(ErrorReason.InvalidUtf8, "invalid UTF-8 continuation byte");
                }

                cp = (cp << 6) | (c & 0x3F);
            }

            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            {
                return Fail(ErrorReason.InvalidUtf8, "overlong, surrogate or out-of-range UTF-8 sequence");
            }

            Pos += need + 1;
            if (cp >= 0x10000)
            {
                cp -= 0x10000;
                Append((char)(0xD800 + (cp >> 10)));
                Append((char)(0xDC00 + (cp & 0x3FF)));
            }
            else
            {
                Append((char)cp);
            }

            return true;
        }

        private static int HexValue(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9') return b - (byte)'0';
            if (b >= (byte)'a' && b <= (byte)'f') return b - (byte)'a' + 10;
            if (b >= (byte)'A' && b <= (byte)'F') return b - (byte)'A' + 10;
            return -1;
        }
    }
}
