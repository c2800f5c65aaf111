using System.Runtime.CompilerServices;

namespace Concord.Spectral;

/// <summary>
/// The mel spectrogram of librosa <c>feature.melspectrogram</c> + <c>power_to_db(ref=np.max)</c>:
/// M = W · |STFT(y)|², with W the <see cref="MelFilterBank"/> and the STFT of <see cref="Stft"/>; dB per <see cref="Decibels"/>.
/// Output <c>[mels, frames]</c>, frames = 1 + ⌊len/hop⌋ (even n_fft): 128×128 for a 4 s NSynth note at 16 kHz with the defaults,
/// 128×176 for 4 s at 22.05 kHz. All arithmetic is float64; results are stored as float32.
/// The FFT plan and the sparse filter bank are built once per instance; instances are thread-safe, and the per-thread
/// scratch buffers are pooled inside the instance, so repeated calls do not reallocate them.
/// Reference: librosa 0.8 (pad mode reflect) and ≥0.10 (constant); checked against torchaudio 0.13 float64 in
/// <c>tests/reference/make_mel.py</c>.
/// </summary>
public sealed class MelSpectrogram
{
    public MelSpectrogramOptions Options { get; }
    public int SampleRateHz { get; }
    public SparseFilterBank FilterBank { get; }
    public Stft Stft { get; }

    /// <exception cref="ConcordException">The options are invalid for <paramref name="sampleRateHz"/>.</exception>
    public MelSpectrogram(MelSpectrogramOptions options, int sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(sampleRateHz);
        Options = options;
        SampleRateHz = sampleRateHz;
        FilterBank = MelFilterBank.Create(options, sampleRateHz);
        Stft = new Stft(options.FftSize, options.HopLength, options.PadMode);
    }

    /// <summary>Frames produced for <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount) => Stft.FrameCount(sampleCount);

    /// <summary>Mel power <c>[mels, frames]</c>.</summary>
    public Spectrogram ComputePower(ReadOnlySpan<float> samples) => RunOne(samples, Output.Power).MelPower!;

    /// <summary>Mel dB <c>[mels, frames]</c>: power_to_db(ref = max, amin = <see cref="MelSpectrogramOptions.AminPower"/>, top_db = <see cref="MelSpectrogramOptions.TopDb"/>).</summary>
    public Spectrogram ComputeDecibels(ReadOnlySpan<float> samples) => RunOne(samples, Output.Decibels).MelDecibels!;

    /// <summary>STFT power, mel power and mel dB from one STFT.</summary>
    public MelAnalysis Analyze(ReadOnlySpan<float> samples)
    {
        var r = RunOne(samples, Output.All);
        return new MelAnalysis(r.StftPower!, r.MelPower!, r.MelDecibels!);
    }

    /// <summary>Mel dB spectrograms of many clips, computed in parallel; result i belongs to clip i.</summary>
    public Spectrogram[] ComputeDecibelsBatch(IReadOnlyList<float[]> clips, int maxDegreeOfParallelism = 2, CancellationToken cancellationToken = default) =>
        ComputeDecibelsBatch(clips, static c => c, maxDegreeOfParallelism, cancellationToken);

    /// <summary>
    /// Loads (e.g. decodes) and converts many items in parallel: <paramref name="load"/> runs on the worker threads too,
    /// so decoding is parallel as well. Result i belongs to item i. Each worker reuses its buffers and the shared FFT plan.
    /// </summary>
    public Spectrogram[] ComputeDecibelsBatch<T>(IReadOnlyList<T> items, Func<T, float[]> load, int maxDegreeOfParallelism = 2,
        CancellationToken cancellationToken = default) =>
        RunBatch(items, load, Output.Decibels, maxDegreeOfParallelism, cancellationToken, r => r.MelDecibels!);

    /// <summary>Mel power spectrograms of many items in parallel (see <see cref="ComputeDecibelsBatch{T}"/>).</summary>
    public Spectrogram[] ComputePowerBatch<T>(IReadOnlyList<T> items, Func<T, float[]> load, int maxDegreeOfParallelism = 2,
        CancellationToken cancellationToken = default) =>
        RunBatch(items, load, Output.Power, maxDegreeOfParallelism, cancellationToken, r => r.MelPower!);

    /// <summary>Full analyses (<see cref="Analyze"/>) of many items in parallel.</summary>
    public MelAnalysis[] AnalyzeBatch<T>(IReadOnlyList<T> items, Func<T, float[]> load, int maxDegreeOfParallelism = 2,
        CancellationToken cancellationToken = default) =>
        RunBatch(items, load, Output.All, maxDegreeOfParallelism, cancellationToken, r => new MelAnalysis(r.StftPower!, r.MelPower!, r.MelDecibels!));

    private TResult[] RunBatch<T, TResult>(IReadOnlyList<T> items, Func<T, float[]> load, Output what, int maxDegreeOfParallelism,
        CancellationToken cancellationToken, Func<Result, TResult> pick)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        var results = new TResult[items.Count];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, items.Count, po, Rent, (i, _, worker) =>
            {
                results[i] = pick(worker.Run(load(items[i]), what));
                return worker;
            }, _workers.Add);
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            // Surface the first user-facing error (e.g. a corrupt file) as itself rather than wrapped.
            var first = ae.Flatten().InnerExceptions.FirstOrDefault(e => e is ConcordException) ?? ae.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        return results;
    }

    /// <summary>Idle per-thread buffers, reused by later calls so repeated single-clip calls do not reallocate them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<Worker> _workers = [];

    private Worker Rent() => _workers.TryTake(out var w) ? w : new Worker(this);

    private Result RunOne(ReadOnlySpan<float> samples, Output what)
    {
        var worker = Rent();
        try { return worker.Run(samples, what); }
        finally { _workers.Add(worker); }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++) if (!float.IsFinite(x[i])) return i;
        return -1;
    }

    [Flags]
    private enum Output { Power = 1, Decibels = 2, Stft = 4, All = Power | Decibels | Stft }

    private sealed record Result(Spectrogram? StftPower, Spectrogram? MelPower, Spectrogram? MelDecibels);

    /// <summary>Per-thread state: STFT scratch plus a float64 mel buffer, reused across clips.</summary>
    private sealed class Worker(MelSpectrogram owner)
    {
        private readonly StftWorkspace _stft = new(owner.Stft);
        private readonly System.Numerics.Vector<double>[] _melBlock = new System.Numerics.Vector<double>[owner.FilterBank.Bands];
        private double[] _mel = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Result Run(ReadOnlySpan<float> samples, Output what)
        {
            if (samples.IsEmpty) throw new ArgumentException("the signal is empty", nameof(samples));
            int bad = IndexOfNonFinite(samples);
            if (bad >= 0) throw new ArgumentException($"sample {bad} is {samples[bad]}; audio must be finite everywhere (as librosa requires)", nameof(samples));
            _stft.Load(samples);
            int frames = _stft.Frames;
            int mels = owner.FilterBank.Bands;
            int cells = mels * frames;
            if (_mel.Length < cells) _mel = new double[cells];
            var mel = _mel.AsSpan(0, cells);
            Spectrogram? stft = (what & Output.Stft) != 0 ? new Spectrogram(owner.Stft.Bins, frames) : null;
            for (int t0 = 0; t0 < frames; t0 += FftPlan.Lanes)
            {
                var p = _stft.FramePowers(t0);
                if (stft is not null) Stft.StorePowers(p, stft, t0);
                owner.FilterBank.Apply(p, _melBlock);
                int lanes = Math.Min(FftPlan.Lanes, frames - t0);
                for (int b = 0; b < mels; b++)
                {
                    var v = _melBlock[b];
                    for (int l = 0; l < lanes; l++) mel[b * frames + t0 + l] = v[l];
                }
            }
            Spectrogram? power = null, db = null;
            if ((what & Output.Power) != 0)
            {
                power = new Spectrogram(mels, frames);
                var pv = power.Values;
                for (int i = 0; i < cells; i++) pv[i] = (float)mel[i];
            }
            if ((what & Output.Decibels) != 0)
            {
                db = new Spectrogram(mels, frames);
                Decibels.PowerToDb(mel, db.Values, owner.Options.AminPower, owner.Options.TopDb);
            }
            return new Result(stft, power, db);
        }
    }
}
