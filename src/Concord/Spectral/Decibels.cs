namespace Concord.Spectral;

/// <summary>
/// Power → decibels with librosa <c>power_to_db</c> semantics:
/// dB = 10·log10(max(amin, S)) − 10·log10(max(amin, ref)), then, when topDb is given, dB = max(dB, max(dB) − topDb).
/// With ref = max(S) per clip (librosa <c>ref=np.max</c>) the output lies in [−topDb, 0] and its maximum is exactly 0.
/// A silent clip (all zeros) clamps both S and ref to amin, so every cell is exactly 0 dB: never NaN or −∞.
/// </summary>
public static class Decibels
{
    /// <summary>Converts <paramref name="power"/> with <c>ref = max(power)</c> into <paramref name="output"/> (same length).</summary>
    public static void PowerToDb(ReadOnlySpan<double> power, Span<float> output, double aminPower = 1e-10, double? topDb = 80)
    {
        if (output.Length != power.Length) throw new ArgumentException("output length differs from power length", nameof(output));
        Check(aminPower, topDb);
        double max = double.NegativeInfinity;
        foreach (double p in power) if (p > max) max = p;
        double refDb = 10.0 * Math.Log10(Math.Max(aminPower, max));
        double floorPower = aminPower;
        double dbMax = double.NegativeInfinity;
        // Convert in place via a temporary to avoid a second log pass; track the maximum dB for the top_db floor.
        for (int i = 0; i < power.Length; i++)
        {
            double v = 10.0 * Math.Log10(Math.Max(floorPower, power[i])) - refDb;
            output[i] = (float)v;
            if (v > dbMax) dbMax = v;
        }
        if (topDb is { } top && power.Length > 0)
        {
            float floor = (float)(dbMax - top);
            for (int i = 0; i < output.Length; i++) if (output[i] < floor) output[i] = floor;
        }
    }

    /// <summary>Converts with an explicit reference power <paramref name="refPower"/> (librosa <c>ref=value</c>).</summary>
    public static void PowerToDb(ReadOnlySpan<double> power, Span<double> output, double refPower, double aminPower = 1e-10, double? topDb = 80)
    {
        if (output.Length != power.Length) throw new ArgumentException("output length differs from power length", nameof(output));
        Check(aminPower, topDb);
        double refDb = 10.0 * Math.Log10(Math.Max(aminPower, Math.Abs(refPower)));
        double dbMax = double.NegativeInfinity;
        for (int i = 0; i < power.Length; i++)
        {
            double v = 10.0 * Math.Log10(Math.Max(aminPower, power[i])) - refDb;
            output[i] = v;
            if (v > dbMax) dbMax = v;
        }
        if (topDb is { } top && power.Length > 0)
        {
            double floor = dbMax - top;
            for (int i = 0; i < output.Length; i++) if (output[i] < floor) output[i] = floor;
        }
    }

    /// <summary>A dB spectrogram of the same shape as <paramref name="power"/>, with ref = its maximum.</summary>
    public static Spectrogram PowerToDb(Spectrogram power, double aminPower = 1e-10, double? topDb = 80)
    {
        var src = new double[power.Values.Length];
        for (int i = 0; i < src.Length; i++) src[i] = power.Values[i];
        var result = new Spectrogram(power.Bins, power.Frames);
        PowerToDb(src, result.Values, aminPower, topDb);
        return result;
    }

    private static void Check(double aminPower, double? topDb)
    {
        if (!(aminPower > 0)) throw new ArgumentOutOfRangeException(nameof(aminPower), "amin must be > 0");
        if (topDb is { } t && !(t >= 0)) throw new ArgumentOutOfRangeException(nameof(topDb), "top_db must be ≥ 0");
    }
}
