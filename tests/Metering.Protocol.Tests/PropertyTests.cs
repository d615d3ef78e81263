using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Metering.Protocol.Tests;

/// <summary>Random valid messages round-trip exactly; random and mutated bytes never crash or hang a decoder.</summary>
public sealed class PropertyTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Property(MaxTest = 400)]
    public Property Telemetry_round_trips_exactly() =>
        Prop.ForAll(Generators.Telemetry.ToArbitrary(), m => RoundTrips(m, TelemetryCodec.Encode, b => TelemetryCodec.Decode(b, out _)));

    [Property(MaxTest = 300)]
    public Property Config_round_trips_exactly() =>
        Prop.ForAll(Generators.Config.ToArbitrary(), m => RoundTrips(m, ConfigCodec.Encode, b => ConfigCodec.Decode(b, out _)));

    [Property(MaxTest = 300)]
    public Property Status_round_trips_exactly() =>
        Prop.ForAll(Generators.Status.ToArbitrary(), m => RoundTrips(m, StatusCodec.Encode, b => StatusCodec.Decode(b, out _)));

    [Property(MaxTest = 300)]
    public Property Event_round_trips_exactly() =>
        Prop.ForAll(Generators.Event.ToArbitrary(), m => RoundTrips(m, EventCodec.Encode, b => EventCodec.Decode(b, out _)));

    [Property(MaxTest = 2000)]
    public Property Random_bytes_never_crash_or_hang_a_decoder() =>
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), DecodesSafely);

    [Property(MaxTest = 2000)]
    public Property Random_json_like_text_never_crashes_or_hangs_a_decoder() =>
        Prop.ForAll(
            Gen.Elements("{", "}", "[", "]", ",", ":", "\"", "\\", "\"v\"", "1", "-", "0", ".", "e", "9007199254740993", "true", "null", "NaN", " ", "\"device\"", "\"a\"", "\"channels\"", "\u00e9", "\\u00")
                .ArrayOf().Select(parts => System.Text.Encoding.UTF8.GetBytes(string.Concat(parts))).ToArbitrary(),
            DecodesSafely);

    [Property(MaxTest = 3000)]
    public Property Mutated_examples_are_refused_with_a_reason_or_decode_to_a_message_that_round_trips() =>
        Prop.ForAll(Mutations().ToArbitrary(), bytes =>
        {
            DecodesSafely(bytes);
            var t = TelemetryCodec.Decode(bytes, out var error);
            if (t is null)
            {
                return error is not null && error.Reason != ErrorReason.None;
            }

            var again = TelemetryCodec.Decode(TelemetryCodec.Encode(t), out _);
            Assert.Equivalent(t, again, strict: true);
            return true;
        });

    private static Gen<byte[]> Mutations()
    {
        var examples = Directory.GetFiles(Repo.Path("shared/Metering.Protocol/examples"), "*.json").Select(File.ReadAllBytes).ToArray();
        return from example in Gen.Elements(examples)
               from kind in Gen.Choose(0, 3)
               from position in Gen.Choose(0, example.Length - 1)
               from length in Gen.Choose(1, 8)
               from value in Gen.Choose(0, 255)
               select kind switch
               {
                   0 => Replace(example, position, (byte)value),
                   1 => [.. example.Take(position), .. example.Skip(position + length)],
                   2 => [.. example.Take(position), (byte)value, .. example.Skip(position)],
                   _ => example[..position],
               };
    }

    private static byte[] Replace(byte[] source, int position, byte value)
    {
        var copy = (byte[])source.Clone();
        copy[position] = value;
        return copy;
    }

    private static bool RoundTrips<T>(T message, Func<T, byte[]> encode, Func<byte[], T?> decode)
        where T : class
    {
        var bytes = encode(message);
        var decoded = decode(bytes);
        Assert.NotNull(decoded);
        Assert.Equivalent(message, decoded, strict: true);
        Assert.Equal(bytes, encode(decoded));
        Assert.True(bytes.Length <= ProtocolLimits.MaxPayloadBytes);
        return true;
    }

    private static bool DecodesSafely(byte[] bytes)
    {
        var work = Task.Run(() =>
        {
            foreach (var kind in new[] { "telemetry", "status", "config", "event" })
            {
                var decoded = MessageDecoder.Decode("metering/v1/rack12-node07-a/" + kind, bytes, out var error);
                Assert.True(decoded is not null ^ error is not null, "exactly one of message and error");
            }
        });
        Assert.True(work.Wait(Budget), "a decoder took longer than " + Budget);
        return true;
    }
}
