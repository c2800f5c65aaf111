using System.Numerics;
using System.Runtime.CompilerServices;

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
        double refDb = TenLog10(Math.Max(aminPower, max));
        double dbMax = double.NegativeInfinity;
        int w = Vector<double>.Count, i = 0;
        Span<double> block = stackalloc double[w];
        for (; i < power.Length; i += w)
        {
            int n = Math.Min(w, power.Length - i);
            TenLog10(power.Slice(i, n), aminPower, refDb, block);
            for (int l = 0; l < n; l++)
            {
                output[i + l] = (float)block[l];
                if (block[l] > dbMax) dbMax = block[l];
            }
        }
        if (topDb is { } top && power.Length > 0)
        {
            float floor = (float)(dbMax - top);
            for (int k = 0; k < output.Length; k++) if (output[k] < floor) output[k] = floor;
        }
    }

    /// <summary>Converts with an explicit reference power <paramref name="refPower"/> (librosa <c>ref=value</c>).</summary>
    public static void PowerToDb(ReadOnlySpan<double> power, Span<double> output, double refPower, double aminPower = 1e-10, double? topDb = 80)
    {
        if (output.Length != power.Length) throw new ArgumentException("output length differs from power length", nameof(output));
        Check(aminPower, topDb);
        double refDb = TenLog10(Math.Max(aminPower, Math.Abs(refPower)));
        double dbMax = double.NegativeInfinity;
        int w = Vector<double>.Count;
        for (int i = 0; i < power.Length; i += w)
        {
            int n = Math.Min(w, power.Length - i);
            var dst = output.Slice(i, n);
            TenLog10(power.Slice(i, n), aminPower, refDb, dst);
            foreach (double v in dst) if (v > dbMax) dbMax = v;
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

    private static readonly Vector<double> TenOverLn10 = new(10.0 / Math.Log(10.0));

    /// <summary>10·log10(x) through the SIMD logarithm, so every value (including the reference) is rounded the same way.</summary>
    private static double TenLog10(double x) => (Vector.Log(new Vector<double>(x)) * TenOverLn10)[0];

    /// <summary>dst[l] = 10·log10(max(amin, src[l])) − refDb for up to one vector of values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TenLog10(ReadOnlySpan<double> src, double amin, double refDb, Span<double> dst)
    {
        int w = Vector<double>.Count;
        var vAmin = new Vector<double>(amin);
        if (src.Length == w)
        {
            (Vector.Log(Vector.Max(new Vector<double>(src), vAmin)) * TenOverLn10 - new Vector<double>(refDb)).CopyTo(dst);
            return;
        }
        Span<double> lane = stackalloc double[w];
        lane.Fill(amin);
        src.CopyTo(lane);
        var v = Vector.Log(Vector.Max(new Vector<double>(lane), vAmin)) * TenOverLn10 - new Vector<double>(refDb);
        v.CopyTo(lane);
        lane[..src.Length].CopyTo(dst);
    }

    private static void Check(double aminPower, double? topDb)
    {
        if (!(aminPower > 0)) throw new ArgumentOutOfRangeException(nameof(aminPower), "amin must be > 0");
        if (topDb is { } t && !(t >= 0)) throw new ArgumentOutOfRangeException(nameof(topDb), "top_db must be ≥ 0");
    }
}
