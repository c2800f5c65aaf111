using System.Numerics;

namespace Concord.Spectral;

/// <summary>Per-thread scratch for <see cref="FftPlan"/>.</summary>
internal sealed class FftWorkspace(int complexLength)
{
    public double[] Re { get; } = new double[complexLength];
    public double[] Im { get; } = new double[complexLength];
    public Vector<double>[] VRe { get; } = new Vector<double>[complexLength];
    public Vector<double>[] VIm { get; } = new Vector<double>[complexLength];

    private readonly double[][] _scratch = [[], [], []];

    /// <summary>Reusable buffer number <paramref name="slot"/> of exactly <paramref name="length"/> doubles.</summary>
    public double[] Scratch(int slot, int length)
    {
        if (_scratch[slot].Length != length) _scratch[slot] = new double[length];
        return _scratch[slot];
    }
}
