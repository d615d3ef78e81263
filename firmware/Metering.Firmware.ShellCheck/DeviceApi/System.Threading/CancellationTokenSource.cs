// Reference surface of System.Threading, taken from nanoframework/System.Threading at v1.1.52 (nanoFramework.System.Threading/Threading/CancellationTokenSource.cs, CancellationToken.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Threading
{
    /// <summary>A cancellation token.</summary>
    public struct CancellationToken
    {
        /// <summary>A token that never cancels.</summary>
        public static CancellationToken None { get { throw new NotImplementedException(); } }

        /// <summary>True once cancellation was requested.</summary>
        public bool IsCancellationRequested { get { throw new NotImplementedException(); } }
    }

    /// <summary>Signals a <see cref="CancellationToken"/>.</summary>
    public class CancellationTokenSource : IDisposable
    {
        /// <summary>A source that cancels after <paramref name="millisecondsDelay"/>.</summary>
        public CancellationTokenSource(int millisecondsDelay) { throw new NotImplementedException(); }

        /// <summary>A source that cancels after <paramref name="delay"/>.</summary>
        public CancellationTokenSource(TimeSpan delay) { throw new NotImplementedException(); }

        /// <summary>A source that cancels when told.</summary>
        public CancellationTokenSource() { throw new NotImplementedException(); }

        /// <summary>The token.</summary>
        public CancellationToken Token { get { throw new NotImplementedException(); } }

        /// <summary>Cancels.</summary>
        public void Cancel() { throw new NotImplementedException(); }

        /// <summary>Releases the source.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }
}
