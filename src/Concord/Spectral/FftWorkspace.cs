using System.Numerics;

namespace Concord.Spectral;

/// <summary>Per-thread scratch for <see cref="FftPlan"/>.</summary>
internal sealed class FftWorkspace(int complexLength)
{
    public double[] Re { get; } = new double[complexLength];
    public double[] Im { get; } = new double[complexLength];
    public Vector<double>[] VRe { get; } = new Vector<double>[complexLength];
    public Vector<double>[] VIm { get; } = new Vector<double>[complexLength];
}
