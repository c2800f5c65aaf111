using System.Numerics;

namespace Concord.Spectral;

/// <summary>
/// Per-thread scratch for one <see cref="Stft"/>: padded signal, FFT buffers and a power block, reused across clips.
/// Frames are transformed <see cref="FftPlan.Lanes"/> at a time, one per SIMD lane.
/// </summary>
internal sealed class StftWorkspace(Stft stft)
{
    private readonly FftWorkspace _fft = stft.Plan.CreateWorkspace();
    private readonly Vector<double>[] _power = new Vector<double>[stft.Bins];
    private readonly int[] _starts = new int[FftPlan.Lanes];
    private double[] _padded = [];
    private int _paddedLength, _frames;

    /// <summary>Frames of the loaded signal.</summary>
    public int Frames => _frames;

    /// <summary>Pads <paramref name="samples"/> into the reusable buffer.</summary>
    public void Load(ReadOnlySpan<float> samples)
    {
        _paddedLength = samples.Length + 2 * (stft.FftSize / 2);
        if (_padded.Length < _paddedLength) _padded = new double[_paddedLength];
        stft.Pad(samples, _padded.AsSpan(0, _paddedLength));
        _frames = stft.FrameCount(samples.Length);
    }

    /// <summary>
    /// Power spectra of frames firstFrame … firstFrame + Lanes − 1 (frames past the end repeat the last one):
    /// element k holds bin k of each frame in its lane. Valid until the next call.
    /// </summary>
    public ReadOnlySpan<Vector<double>> FramePowers(int firstFrame)
    {
        for (int l = 0; l < _starts.Length; l++) _starts[l] = Math.Min(firstFrame + l, _frames - 1) * stft.HopLength;
        stft.Plan.WindowedPowerSpectra(_padded.AsSpan(0, _paddedLength), _starts, stft.Window, _power, _fft);
        return _power;
    }
}
