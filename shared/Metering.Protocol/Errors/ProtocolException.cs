namespace Metering.Protocol
{
    /// <summary>Thrown by encoders when asked to write a message the contract forbids; carries the same error a decoder would give.</summary>
    public sealed class ProtocolException : System.Exception
    {
        /// <summary>Creates the exception for <paramref name="error"/>.</summary>
        public ProtocolException(ProtocolError error)
            : base(error.ToString())
        {
            Error = error;
        }

        /// <summary>Why the message was refused.</summary>
        public ProtocolError Error { get; private set; }
    }
}
