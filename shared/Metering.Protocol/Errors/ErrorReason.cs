namespace Metering.Protocol
{
    /// <summary>
    /// Why a payload was refused. Each has a stable snake_case code (<see cref="ErrorReasons.Code"/>) used in
    /// logs, metrics labels and the invalid-document manifest; codes never change meaning within v1.
    /// </summary>
    public enum ErrorReason
    {
        /// <summary>No error.</summary>
        None = 0,
        /// <summary><c>payload_empty</c>: zero bytes.</summary>
        PayloadEmpty,
        /// <summary><c>payload_too_large</c>: more than <see cref="ProtocolLimits.MaxPayloadBytes"/> bytes.</summary>
        PayloadTooLarge,
        /// <summary><c>truncated</c>: the document ends before it is complete.</summary>
        Truncated,
        /// <summary><c>malformed_json</c>: not JSON (bad token, missing comma or colon, bad escape, raw control character, byte-order mark).</summary>
        MalformedJson,
        /// <summary><c>invalid_utf8</c>: a string holds bytes that are not well-formed UTF-8.</summary>
        InvalidUtf8,
        /// <summary><c>trailing_data</c>: something other than whitespace follows the top-level object.</summary>
        TrailingData,
        /// <summary><c>too_deep</c>: objects and arrays nested deeper than <see cref="ProtocolLimits.MaxDepth"/>.</summary>
        TooDeep,
        /// <summary><c>wrong_type</c>: a field holds another JSON type than the contract's (null included).</summary>
        WrongType,
        /// <summary><c>missing_field</c>: a required field is absent.</summary>
        MissingField,
        /// <summary><c>duplicate_field</c>: a field appears twice in one object.</summary>
        DuplicateField,
        /// <summary><c>unknown_field</c>: a config message holds a field the contract does not define.</summary>
        UnknownField,
        /// <summary><c>field_not_allowed</c>: a field that does not apply here (e.g. a shunt on a PZEM channel).</summary>
        FieldNotAllowed,
        /// <summary><c>unsupported_version</c>: <c>v</c> is not 1.</summary>
        UnsupportedVersion,
        /// <summary><c>number_not_integer</c>: a number with a fraction or exponent; every v1 number is an integer.</summary>
        NumberNotInteger,
        /// <summary><c>non_finite_number</c>: NaN, Infinity, or an exponent beyond the double range.</summary>
        NonFiniteNumber,
        /// <summary><c>negative_number</c>: a negative value where the contract allows only zero or more.</summary>
        NegativeNumber,
        /// <summary><c>out_of_range</c>: a value outside the field's documented range.</summary>
        OutOfRange,
        /// <summary><c>invalid_device_id</c>: a device id that breaks the id rule.</summary>
        InvalidDeviceId,
        /// <summary><c>string_too_long</c>: a string longer than its field allows.</summary>
        StringTooLong,
        /// <summary><c>invalid_value</c>: a string outside its field's enumeration or token rule.</summary>
        InvalidValue,
        /// <summary><c>min_greater_than_max</c>: a minimum above its maximum (power min/max).</summary>
        MinGreaterThanMax,
        /// <summary><c>mean_outside_range</c>: a mean outside its [min, max].</summary>
        MeanOutsideRange,
        /// <summary><c>window_end_before_start</c>: end_ms is earlier than start_ms.</summary>
        WindowEndBeforeStart,
        /// <summary><c>no_channels</c>: an empty channel list.</summary>
        NoChannels,
        /// <summary><c>too_many_channels</c>: more than <see cref="ProtocolLimits.MaxChannels"/> channels.</summary>
        TooManyChannels,
        /// <summary><c>duplicate_channel</c>: two channels with the same id.</summary>
        DuplicateChannel,
        /// <summary><c>duplicate_address</c>: two config channels of one kind on the same bus address.</summary>
        DuplicateAddress,
        /// <summary><c>device_mismatch</c>: the payload's device id is not the topic's.</summary>
        DeviceMismatch,
        /// <summary><c>invalid_topic</c>: the topic is not <c>metering/v1/{device}/{kind}</c>.</summary>
        InvalidTopic,
    }

    /// <summary>The stable codes of <see cref="ErrorReason"/>.</summary>
    public static class ErrorReasons
    {
        /// <summary>Every reason except None, in declaration order.</summary>
        public static readonly ErrorReason[] All = new ErrorReason[]
        {
            ErrorReason.PayloadEmpty, ErrorReason.PayloadTooLarge, ErrorReason.Truncated, ErrorReason.MalformedJson,
            ErrorReason.InvalidUtf8, ErrorReason.TrailingData, ErrorReason.TooDeep, ErrorReason.WrongType,
            ErrorReason.MissingField, ErrorReason.DuplicateField, ErrorReason.UnknownField, ErrorReason.FieldNotAllowed,
            ErrorReason.UnsupportedVersion, ErrorReason.NumberNotInteger, ErrorReason.NonFiniteNumber,
            ErrorReason.NegativeNumber, ErrorReason.OutOfRange, ErrorReason.InvalidDeviceId, ErrorReason.StringTooLong,
            ErrorReason.InvalidValue, ErrorReason.MinGreaterThanMax, ErrorReason.MeanOutsideRange,
            ErrorReason.WindowEndBeforeStart, ErrorReason.NoChannels, ErrorReason.TooManyChannels,
            ErrorReason.DuplicateChannel, ErrorReason.DuplicateAddress, ErrorReason.DeviceMismatch, ErrorReason.InvalidTopic,
        };

        /// <summary>The snake_case code of <paramref name="reason"/>.</summary>
        public static string Code(ErrorReason reason)
        {
            switch (reason)
            {
                case ErrorReason.None: return "none";
                case ErrorReason.PayloadEmpty: return "payload_empty";
                case ErrorReason.PayloadTooLarge: return "payload_too_large";
                case ErrorReason.Truncated: return "truncated";
                case ErrorReason.MalformedJson: return "malformed_json";
                case ErrorReason.InvalidUtf8: return "invalid_utf8";
                case ErrorReason.TrailingData: return "trailing_data";
                case ErrorReason.TooDeep: return "too_deep";
                case ErrorReason.WrongType: return "wrong_type";
                case ErrorReason.MissingField: return "missing_field";
                case ErrorReason.DuplicateField: return "duplicate_field";
                case ErrorReason.UnknownField: return "unknown_field";
                case ErrorReason.FieldNotAllowed: return "field_not_allowed";
                case ErrorReason.UnsupportedVersion: return "unsupported_version";
                case ErrorReason.NumberNotInteger: return "number_not_integer";
                case ErrorReason.NonFiniteNumber: return "non_finite_number";
                case ErrorReason.NegativeNumber: return "negative_number";
                case ErrorReason.OutOfRange: return "out_of_range";
                case ErrorReason.InvalidDeviceId: return "invalid_device_id";
                case ErrorReason.StringTooLong: return "string_too_long";
                case ErrorReason.InvalidValue: return "invalid_value";
                case ErrorReason.MinGreaterThanMax: return "min_greater_than_max";
                case ErrorReason.MeanOutsideRange: return "mean_outside_range";
                case ErrorReason.WindowEndBeforeStart: return "window_end_before_start";
                case ErrorReason.NoChannels: return "no_channels";
                case ErrorReason.TooManyChannels: return "too_many_channels";
                case ErrorReason.DuplicateChannel: return "duplicate_channel";
                case ErrorReason.DuplicateAddress: return "duplicate_address";
                case ErrorReason.DeviceMismatch: return "device_mismatch";
                case ErrorReason.InvalidTopic: return "invalid_topic";
                default: return "unknown";
            }
        }

        /// <summary>The reason whose code is <paramref name="code"/>, or None.</summary>
        public static ErrorReason Parse(string code)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (Code(All[i]) == code)
                {
                    return All[i];
                }
            }

            return ErrorReason.None;
        }
    }
}
