using Concord.Networks;
namespace Concord.Torch.Models;

/// <summary>
/// The layer arguments of each architecture (METHOD.md §1.2) and the resulting tap shapes (§1.3), computed without
/// building a model: fc1's width is 30·H3·W3 from the conv3 shape, so any 128×T input whose conv3 output is non-empty works.
/// </summary>
public sealed record ModelShapes(TapShape Conv1, TapShape Pool1, TapShape Conv2, TapShape Pool2, TapShape Conv3)
{
    /// <summary>fc1.in_features = C3·H3·W3 (or H·W for the feed-forward model).</summary>
    public long Fc1Inputs => Conv3.Size;

    /// <summary>The tap's shape by name.</summary>
    public TapShape Of(Tap tap) => tap switch
    {
        Tap.Conv1 => Conv1, Tap.Pool1 => Pool1, Tap.Conv2 => Conv2, Tap.Pool2 => Pool2, Tap.Conv3 => Conv3,
        _ => throw new ArgumentOutOfRangeException(nameof(tap)),
    };

    /// <summary>conv1, conv2, conv3 arguments for <paramref name="arch"/> (conv3 of Deformable: its kernel and stride).</summary>
    public static (ConvLayerSpec Conv1, (int F, int T) Pool1, ConvLayerSpec Conv2, (int F, int T) Pool2, ConvLayerSpec Conv3) Layers(Architecture arch)
    {
        static ConvLayerSpec C(int k, int s, int p, int d) => new((k, k), (s, s), (p, p), (d, d));
        static ConvLayerSpec F(int s, int p, int d) => new((5, 1), (s, 1), (p, 0), (d, 1));
        static ConvLayerSpec T(int s, int p, int d) => new((1, 5), (1, s), (0, p), (1, d));
        return arch switch
        {
            Architecture.Regular or Architecture.Deformable => (C(5, 1, 0, 1), (2, 2), C(5, 3, 3, 1), (2, 2), C(5, 2, 0, 1)),
            Architecture.Dilated => (C(5, 1, 0, 3), (2, 2), C(5, 2, 3, 2), (2, 2), C(5, 2, 1, 1)),
            Architecture.Freq1d => (F(1, 0, 3), (2, 1), F(2, 3, 2), (2, 1), F(2, 1, 1)),
            Architecture.Time1d => (T(1, 0, 3), (1, 2), T(2, 3, 2), (1, 2), T(2, 1, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "the feed-forward model has no convolutional layers"),
        };
    }

    /// <summary>Tap shapes for a convolutional architecture. Throws <see cref="ConcordException"/> when the input is too small.</summary>
    public static ModelShapes Compute(ModelOptions o)
    {
        var (c1, p1, c2, p2, c3) = Layers(o.Architecture);
        var ch = o.Channels;
        var s1 = c1.Output(o.Mels, o.Frames);
        var q1 = (s1.H / p1.F, s1.W / p1.T);
        var s2 = c2.Output(q1.Item1, q1.Item2);
        var q2 = (s2.H / p2.F, s2.W / p2.T);
        // The deformable conv3's spatial size comes from its offset conv (k 3, pad 1, stride s): ⌊(L−1)/s⌋+1.
        var s3 = o.Architecture == Architecture.Deformable
            ? (ConvLayerSpec.OutputLength(q2.Item1, 3, c3.Stride.F, 1, 1), ConvLayerSpec.OutputLength(q2.Item2, 3, c3.Stride.T, 1, 1))
            : c3.Output(q2.Item1, q2.Item2);
        if (s1.H < 1 || s1.W < 1 || q1.Item1 < 1 || q1.Item2 < 1 || s2.H < 1 || s2.W < 1 || q2.Item1 < 1 || q2.Item2 < 1 || s3.Item1 < 1 || s3.Item2 < 1)
            throw new ConcordException($"input {o.Mels}×{o.Frames} (mels×frames) is too small for the {o.Architecture} architecture (conv3 output would be empty)");
        return new ModelShapes(
            new TapShape(ch.Conv1, s1.H, s1.W), new TapShape(ch.Conv1, q1.Item1, q1.Item2),
            new TapShape(ch.Conv2, s2.H, s2.W), new TapShape(ch.Conv2, q2.Item1, q2.Item2),
            new TapShape(ch.Conv3, s3.Item1, s3.Item2));
    }
}
