using System.Collections.Concurrent;
using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// The full front end for hand-crafted features: samples → one STFT and one mel spectrogram → every requested feature.
/// The STFT behind the mel spectrogram is reused for the spectral features when its padding, FFT size and hop equal the
/// feature options' (true for both profiles with the default mel options); otherwise one more STFT is computed.
/// Thread-safe; <see cref="ComputeBatch{T}"/> runs clips in parallel and hands results back in input order.
/// </summary>
public sealed class FeatureFrontEnd
{
    private readonly MelSpectrogramOptions _mel;
    private readonly FeatureOptions _options;
    private readonly ConcurrentDictionary<int, MelSpectrogram> _melBySampleRate = new();
    private readonly Stft? _featureStft;
    private readonly bool _needsStft;

    /// <summary>The feature extractor (its <see cref="FeatureExtractor.Features"/> give the output order).</summary>
    public FeatureExtractor Extractor { get; }

    public FeatureFrontEnd(MelSpectrogramOptions mel, FeatureOptions options, IReadOnlyList<FeatureDefinition> features)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(options);
        var errors = mel.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("invalid mel options: " + string.Join("; ", errors));
        _mel = mel;
        _options = options;
        Extractor = new FeatureExtractor(options, features);
        _needsStft = Extractor.Features.Any(UsesStft);
        bool shared = mel.PadMode == options.PadMode && mel.FftSize == options.FrameLength && mel.HopLength == options.HopLength;
        if (_needsStft && !shared) _featureStft = new Stft(options.FrameLength, options.HopLength, options.PadMode);
    }

    /// <summary>The shared intermediates of one clip.</summary>
    public FeatureInput Prepare(float[] samples, int sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0) throw new ConcordException("the clip has no samples");
        var mel = _melBySampleRate.GetOrAdd(sampleRateHz, sr =>
        {
            var e = _mel.Validate(sr).ToList();
            if (e.Count > 0) throw new ConcordException($"invalid mel options for {sr} Hz audio: " + string.Join("; ", e));
            return new MelSpectrogram(_mel, sr);
        });
        if (!Extractor.NeedsAudio) return FeatureInput.FromMel(mel.ComputeDecibels(samples));
        var analysis = mel.Analyze(samples);
        var stft = _needsStft ? _featureStft?.ComputePower(samples) ?? analysis.StftPower : analysis.StftPower;
        if (stft.Frames != analysis.MelDecibels.Frames)
            throw new ConcordException($"the feature STFT has {stft.Frames} frames but the mel spectrogram {analysis.MelDecibels.Frames}; use the same hop length");
        return FeatureInput.FromAudio(samples, sampleRateHz, stft, analysis.MelDecibels);
    }

    /// <summary>Every feature of one clip, in <see cref="FeatureExtractor.Features"/> order.</summary>
    public double[][] Compute(float[] samples, int sampleRateHz) => Extractor.Compute(Prepare(samples, sampleRateHz));

    /// <summary>
    /// Features of many clips on <paramref name="maxDegreeOfParallelism"/> threads. Clips are processed in blocks of
    /// <paramref name="blockSize"/>; after each block <paramref name="sink"/> receives (index, features) in input order, so
    /// memory stays bounded by one block whatever the dataset size.
    /// </summary>
    public void ComputeBatch<T>(IReadOnlyList<T> items, Func<T, (float[] Samples, int SampleRateHz)> load, Action<int, double[][]> sink,
        int maxDegreeOfParallelism = 2, int blockSize = 256, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var block = new double[Math.Min(blockSize, Math.Max(1, items.Count))][][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        for (int start = 0; start < items.Count; start += block.Length)
        {
            int count = Math.Min(block.Length, items.Count - start);
            int first = start;
            try
            {
                Parallel.For(0, count, po, i =>
                {
                    var (samples, sr) = load(items[first + i]);
                    block[i] = Compute(samples, sr);
                });
            }
            catch (AggregateException ae)
            {
                var inner = ae.Flatten().InnerExceptions;
                var chosen = inner.FirstOrDefault(e => e is ConcordException) ?? inner[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(chosen).Throw();
                throw;
            }
            for (int i = 0; i < count; i++) { sink(first + i, block[i]); block[i] = null!; }
            progress?.Report(first + count);
        }
    }

    private static bool UsesStft(FeatureDefinition f) => f switch
    {
        FrameFeature { Kind: not (FrameFeatureKind.Rms or FrameFeatureKind.MedianPower or FrameFeatureKind.MeanPower) } => true,
        CompositeFeature c => c.Parts.Any(UsesStft),
        _ => false,
    };
}
