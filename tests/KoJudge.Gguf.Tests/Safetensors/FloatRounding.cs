namespace KoJudge.Gguf.Tests.Safetensors;

/// <summary>
/// The oracle for narrowing: IEEE round to nearest, ties to even, computed in double arithmetic from the format's
/// mantissa width and exponent range alone, with none of the bit tricks the library uses.
/// </summary>
internal static class FloatRounding
{
    public static float ToBFloat16(float value) => Round(value, mantissaBits: 7, minExponent: -126, maxExponent: 127);

    public static float ToHalf(float value) => Round(value, mantissaBits: 10, minExponent: -14, maxExponent: 15);

    private static float Round(float value, int mantissaBits, int minExponent, int maxExponent)
    {
        if (value == 0 || !float.IsFinite(value))
        {
            return value;
        }
        double x = value;
        var exponent = Math.Max(Math.ILogB(x), minExponent);
        var ulp = Math.ScaleB(1.0, exponent - mantissaBits);
        var rounded = Math.Round(x / ulp, MidpointRounding.ToEven) * ulp;
        var largest = (2 - Math.ScaleB(1.0, -mantissaBits)) * Math.ScaleB(1.0, maxExponent);
        if (Math.Abs(rounded) > largest)
        {
            return value > 0 ? float.PositiveInfinity : float.NegativeInfinity;
        }
        // Keep the sign of a value that rounds to zero, as the hardware formats do.
        return rounded == 0 ? (value > 0 ? 0f : -0f) : (float)rounded;
    }
}
