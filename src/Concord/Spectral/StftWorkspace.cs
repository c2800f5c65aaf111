namespace Concord.Spectral;

/// <summary>Per-thread scratch for one <see cref="Stft"/>: padded signal, frame, power column and FFT buffers, reused across clips.</summary>
internal sealed class StftWorkspace(Stft stft)
{
    private readonly FftWorkspace _fft = stft.Plan.CreateWorkspace();
    private readonly double[] _frame = new double[stft.FftSize];
    private readonly double[] _power = new double[stft.Bins];
    private double[] _padded = [];
    private int _paddedLength;

    /// <summary>Pads <paramref name="samples"/> into the reusable buffer.</summary>
    public void Load(ReadOnlySpan<float> samples)
    {
        _paddedLength = samples.Length + 2 * (stft.FftSize / 2);
        if (_padded.Length < _paddedLength) _padded = new double[_paddedLength];
        stft.Pad(samples, _padded.AsSpan(0, _paddedLength));
    }

    /// <summary>The power column of frame <paramref name="t"/> of the loaded signal (valid until the next call).</summary>
    public ReadOnlySpan<double> FramePower(int t)
    {
        stft.FramePower(_padded.AsSpan(0, _paddedLength), t, _frame, _power, _fft);
        return _power;
    }
}
