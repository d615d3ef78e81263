// Reference surface of nanoFramework.System.Text, taken from nanoframework/nanoFramework.System.Text at the stored head 296d843 (1.3.x; tag v1.3.42 is not in the mirror, and GetString and UTF8 are the same from v1.2.54 to v1.3.1) (nanoFramework.System.Text/Text/Encoding.cs, UTF8Encoding.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Text
{
    /// <summary>A character encoding.</summary>
    public abstract class Encoding
    {
        /// <summary>UTF-8.</summary>
        public static Encoding UTF8 { get { throw new NotImplementedException(); } }

        /// <summary>The bytes of a string.</summary>
        public virtual byte[] GetBytes(string s) { throw new NotImplementedException(); }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="index"/>.</summary>
        public virtual string GetString(byte[] bytes, int index, int count) { throw new NotImplementedException(); }
    }

    /// <summary>UTF-8.</summary>
    public class UTF8Encoding : Encoding
    {
    }
}
