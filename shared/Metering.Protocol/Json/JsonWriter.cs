using Metering.Protocol.Schema;

namespace Metering.Protocol.Json
{
    /// <summary>
    /// Writes the canonical compact JSON of v1 into a caller's byte buffer, without allocating: no whitespace,
    /// members in contract order, strings as UTF-8 with only the escapes JSON requires.
    /// Running out of buffer sets <see cref="Overflowed"/> instead of throwing.
    /// </summary>
    internal sealed class JsonWriter
    {
        private readonly byte[] _buffer;
        private readonly int _start;
        private readonly int _end;
        private readonly bool[] _first = new bool[ProtocolLimits.MaxDepth + 2];
        private readonly byte[] _digits = new byte[20];
        private int _pos;
        private int _depth;

        public JsonWriter(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + capacity;
        }

        /// <summary>True when the output did not fit.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>True when a string held a lone UTF-16 surrogate (it cannot be written as UTF-8).</summary>
        public bool BadString { get; private set; }

        /// <summary>Bytes written so far.</summary>
        public int Length { get { return _pos - _start; } }

        public void BeginObject()
        {
            Separator();
            Open((byte)'{');
        }

        public void EndObject()
        {
            Close((byte)'}');
        }

        public void BeginArray(FieldSpec spec)
        {
            Name(spec);
            Open((byte)'[');
        }

        public void EndArray()
        {
            Close((byte)']');
        }

        public void Integer(FieldSpec spec, long value)
        {
            Name(spec);
            WriteInteger(value);
        }

        /// <summary>Writes an integer array item.</summary>
        public void IntegerItem(long value)
        {
            Separator();
            WriteInteger(value);
        }

        public void Boolean(FieldSpec spec, bool value)
        {
            Name(spec);
            Ascii(value ? "true" : "false");
        }

        public void String(FieldSpec spec, string value)
        {
            Name(spec);
            Quoted(value);
        }

        private void Name(FieldSpec spec)
        {
            Separator();
            Quoted(spec.Name);
            Byte((byte)':');
        }

        private void Separator()
        {
            if (_depth == 0)
            {
                return;
            }

            if (_first[_depth])
            {
                _first[_depth] = false;
            }
            else
            {
                Byte((byte)',');
            }
        }

        private void Open(byte b)
        {
            Byte(b);
            _depth++;
            _first[_depth] = true;
        }

        private void Close(byte b)
        {
            Byte(b);
            _depth--;
        }

        private void WriteInteger(long value)
        {
            if (value == 0)
            {
                Byte((byte)'0');
                return;
            }

            bool negative = value < 0;
            ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            int n = 0;
            while (magnitude > 0)
            {
                _digits[n++] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }

            if (negative)
            {
                Byte((byte)'-');
            }

            while (n > 0)
            {
                Byte(_digits[--n]);
            }
        }

        private void Quoted(string s)
        {
            Byte((byte)'"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"' || c == '\\')
                {
                    Byte((byte)'\\');
                    Byte((byte)c);
                }
                else if (c < 0x20)
                {
                    Escape(c);
                }
                else if (c < 0x80)
                {
                    Byte((byte)c);
                }
                else if (c < 0x800)
                {
                    Byte((byte)(0xC0 | (c >> 6)));
                    Byte((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                    i++;
                    Byte((byte)(0xF0 | (cp >> 18)));
                    Byte((byte)(0x80 | ((cp >> 12) & 0x3F)));
                    Byte((byte)(0x80 | ((cp >> 6) & 0x3F)));
                    Byte((byte)(0x80 | (cp & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    BadString = true;
                }
                else
                {
                    Byte((byte)(0xE0 | (c >> 12)));
                    Byte((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Byte((byte)(0x80 | (c & 0x3F)));
                }
            }

            Byte((byte)'"');
        }

        private void Escape(char c)
        {
            Byte((byte)'\\');
            switch (c)
            {
                case '\b': Byte((byte)'b'); return;
                case '\f': Byte((byte)'f'); return;
                case '\n': Byte((byte)'n'); return;
                case '\r': Byte((byte)'r'); return;
                case '\t': Byte((byte)'t'); return;
            }

            Ascii("u00");
            Byte(HexDigit(c >> 4));
            Byte(HexDigit(c & 0xF));
        }

        private static byte HexDigit(int d)
        {
            return (byte)(d < 10 ? '0' + d : 'a' + d - 10);
        }

        private void Ascii(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                Byte((byte)s[i]);
            }
        }

        private void Byte(byte b)
        {
            if (_pos >= _end)
            {
                Overflowed = true;
                return;
            }

            _buffer[_pos++] = b;
        }
    }
}
