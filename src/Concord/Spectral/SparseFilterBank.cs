using System.Runtime.CompilerServices;

namespace Concord.Spectral;

/// <summary>
/// A filter bank <c>W [Bands, Bins]</c> stored as one contiguous non-zero run per band, so applying it to a spectrum
/// costs the number of non-zeros rather than Bands × Bins. Immutable and thread-safe.
/// </summary>
public sealed class SparseFilterBank
{
    private readonly int[] _start;
    private readonly double[][] _weights;

    public int Bands { get; }
    public int Bins { get; }

    private SparseFilterBank(int bands, int bins, int[] start, double[][] weights)
    {
        Bands = bands; Bins = bins; _start = start; _weights = weights;
    }

    /// <summary>Builds the sparse form of a row-major dense bank <c>[bands, bins]</c>; zeros inside a band's run are kept.</summary>
    public static SparseFilterBank FromDense(ReadOnlySpan<double> dense, int bands, int bins)
    {
        if (dense.Length != (long)bands * bins) throw new ArgumentException($"dense has {dense.Length} values, expected {bands}×{bins}");
        var start = new int[bands];
        var weights = new double[bands][];
        for (int b = 0; b < bands; b++)
        {
            var row = dense.Slice(b * bins, bins);
            int first = 0, last = bins - 1;
            while (first < bins && row[first] == 0) first++;
            while (last >= first && row[last] == 0) last--;
            start[b] = first < bins ? first : 0;
            weights[b] = first < bins ? row[first..(last + 1)].ToArray() : [];
        }
        return new SparseFilterBank(bands, bins, start, weights);
    }

    /// <summary>First bin of band <paramref name="band"/>'s non-zero run.</summary>
    public int StartBin(int band) => _start[band];

    /// <summary>The weights of band <paramref name="band"/>'s non-zero run (bins StartBin … StartBin + Length − 1).</summary>
    public ReadOnlySpan<double> Weights(int band) => _weights[band];

    /// <summary>Total stored weights.</summary>
    public int NonZeroCount => _weights.Sum(w => w.Length);

    /// <summary>y[b] = Σ_k W[b,k]·x[k] for one spectrum column <paramref name="spectrum"/> (length <see cref="Bins"/>).</summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> output)
    {
        if (spectrum.Length < Bins) throw new ArgumentException("spectrum too short", nameof(spectrum));
        for (int b = 0; b < Bands; b++)
        {
            var w = _weights[b];
            var x = spectrum.Slice(_start[b], w.Length);
            double s = 0;
            for (int k = 0; k < w.Length; k++) s += w[k] * x[k];
            output[b] = s;
        }
    }

    /// <summary>The same product for several spectra at once, one per SIMD lane (bit-identical to <see cref="Apply(ReadOnlySpan{double}, Span{double})"/> per lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Apply(ReadOnlySpan<System.Numerics.Vector<double>> spectrum, Span<System.Numerics.Vector<double>> output)
    {
        for (int b = 0; b < Bands; b++)
        {
            var w = _weights[b];
            var x = spectrum.Slice(_start[b], w.Length);
            var s = System.Numerics.Vector<double>.Zero;
            for (int k = 0; k < w.Length; k++) s += w[k] * x[k];
            output[b] = s;
        }
    }

    /// <summary>The dense row-major matrix <c>[Bands, Bins]</c>.</summary>
    public double[] ToDense()
    {
        var d = new double[Bands * Bins];
        for (int b = 0; b < Bands; b++) _weights[b].CopyTo(d.AsSpan(b * Bins + _start[b]));
        return d;
    }
}
