namespace Metering.Protocol.Schema
{
    /// <summary>The JSON type of a contract field.</summary>
    public enum FieldType
    {
        /// <summary>A JSON number without fraction or exponent, 0 to 2^53-1 unless the field says otherwise.</summary>
        Integer = 1,
        /// <summary>A JSON string; its range is its length in UTF-16 code units.</summary>
        String = 2,
        /// <summary><c>true</c> or <c>false</c>.</summary>
        Boolean = 3,
        /// <summary>A JSON array; its range is its item count.</summary>
        Array = 4,
    }

    /// <summary>Whether a field must be present.</summary>
    public enum Presence
    {
        /// <summary>Always present.</summary>
        Required = 1,
        /// <summary>May be absent; the contract states the default.</summary>
        Optional = 2,
        /// <summary>Present or absent depending on other fields, as the contract states.</summary>
        Conditional = 3,
    }
}
