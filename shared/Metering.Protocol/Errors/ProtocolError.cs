namespace Metering.Protocol
{
    /// <summary>
    /// Why a payload or message was refused: a reason, the field path (e.g. <c>channels[2].p_max_mw</c>, or
    /// <c>$</c> for the document), a human detail and, for syntax errors, the byte offset.
    /// </summary>
    public sealed class ProtocolError
    {
        /// <summary>Creates an error.</summary>
        public ProtocolError(ErrorReason reason, string field, string detail, int offset)
        {
            Reason = reason;
            Field = field;
            Detail = detail;
            Offset = offset;
        }

        /// <summary>The reason (its code: <see cref="ErrorReasons.Code"/>).</summary>
        public ErrorReason Reason { get; private set; }

        /// <summary>The snake_case code of <see cref="Reason"/>.</summary>
        public string Code { get { return ErrorReasons.Code(Reason); } }

        /// <summary>JSON path of the offending field; <c>$</c> for the whole document.</summary>
        public string Field { get; private set; }

        /// <summary>What was wrong, for people.</summary>
        public string Detail { get; private set; }

        /// <summary>Byte offset in the payload where a syntax error was found; -1 when it is not about one place.</summary>
        public int Offset { get; private set; }

        /// <summary>Builds the path of a field: <c>name</c>, or <c>parent[index].name</c> when <paramref name="parent"/> is set.</summary>
        public static string Path(string parent, int index, string name)
        {
            if (parent == null)
            {
                return name == null ? "$" : name;
            }

            string item = parent + "[" + index.ToString() + "]";
            return name == null ? item : item + "." + name;
        }

        /// <summary><c>code at field: detail</c>.</summary>
        public override string ToString()
        {
            string where = Offset >= 0 ? " (byte " + Offset.ToString() + ")" : "";
            return Code + " at " + Field + where + ": " + Detail;
        }
    }
}
