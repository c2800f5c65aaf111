using Concord.IO;
using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// Computes features and writes them as <c>DIR/features/&lt;name&gt;.npy</c> (float32 [N, d]) via <see cref="FeatureFileWriter"/>:
/// for one audio clip (N = 1) or for a stack of dB mel spectrograms read block by block from a <c>.npy</c> file.
/// </summary>
public static class FeatureFiles
{
    /// <summary>Writes every feature of one clip (N = 1). Returns the files written.</summary>
    public static IReadOnlyList<string> WriteClip(string directory, FeatureFrontEnd frontEnd, float[] samples, int sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        var row = frontEnd.Compute(samples, sampleRateHz);
        using var writer = new FeatureFileWriter(directory, frontEnd.Extractor.Features, 1, row.Select(r => r.Length).ToArray());
        writer.WriteRow(row);
        writer.Commit();
        return writer.Paths;
    }

    /// <summary>
    /// Writes the features of the dB mel spectrograms in <paramref name="melNpy"/>: float [mels, frames] (N = 1) or
    /// [N, mels, frames]. Only <see cref="FeatureSource.MelDecibels"/> features are possible. Clips are read and computed
    /// in blocks on <paramref name="maxDegreeOfParallelism"/> threads; memory stays bounded by one block.
    /// </summary>
    public static IReadOnlyList<string> WriteMelStack(string directory, FeatureExtractor extractor, string melNpy,
        int maxDegreeOfParallelism = 2, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        using var reader = new NpyReader(melNpy);
        var shape = reader.Header.Shape;
        if (shape.Length is not (2 or 3) || !reader.Header.DType.IsFloating())
            throw ConcordException.InFile(melNpy, $"expected a float dB mel spectrogram [mels, frames] or [N, mels, frames], got {reader.Header.DType} [{string.Join(", ", shape)}]");
        if (extractor.NeedsAudio)
            throw ConcordException.InFile(melNpy, $"feature '{extractor.Features.First(f => f.Source != FeatureSource.MelDecibels).Name}' needs the raw audio, " +
                "and this input holds mel spectrograms only; request mel-based features or give an audio file");
        int n = shape.Length == 2 ? 1 : checked((int)shape[0]);
        int mels = (int)shape[^2], frames = (int)shape[^1];
        if (n == 0 || mels == 0 || frames == 0) throw ConcordException.InFile(melNpy, $"empty array [{string.Join(", ", shape)}]");
        int cell = mels * frames;
        var dims = extractor.Dimensions(mels, frames);
        using var writer = new FeatureFileWriter(directory, extractor.Features, n, dims);
        const int block = 256;
        var buffer = new float[Math.Min(block, n) * cell];
        var results = new double[Math.Min(block, n)][][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        for (int start = 0; start < n; start += block)
        {
            int count = Math.Min(block, n - start);
            reader.ReadElements((long)start * cell, buffer.AsSpan(0, count * cell));
            Parallel.For(0, count, po, i =>
            {
                var mel = new Spectrogram(mels, frames, buffer.AsSpan(i * cell, cell).ToArray());
                results[i] = extractor.Compute(FeatureInput.FromMel(mel));
            });
            for (int i = 0; i < count; i++) writer.WriteRow(results[i]);
            progress?.Report(start + count);
        }
        writer.Commit();
        return writer.Paths;
    }
}
