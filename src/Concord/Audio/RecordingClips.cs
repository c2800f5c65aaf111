using System.Collections.Concurrent;

namespace Concord.Audio;

/// <summary>
/// Clips read from recordings with each recording decoded (and resampled) once, however many clips are cut from it and
/// in whatever order or on whichever thread they are asked for: the clips of a recording are kept from its first request
/// until its last expected clip has been handed out, then released. The expected clips are given up front (one path per
/// clip that will be read), so memory holds only the recordings whose clips are in flight.
/// </summary>
public sealed class RecordingClips
{
    private readonly Func<string, float[][]> _decode;
    private readonly ConcurrentDictionary<string, Lazy<float[][]>> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _remaining = new(StringComparer.Ordinal);

    /// <param name="expected">The recording of every clip that will be read (a path once per clip).</param>
    /// <param name="decode">Decodes a recording and cuts it into clips (called once per recording).</param>
    public RecordingClips(IEnumerable<string> expected, Func<string, float[][]> decode)
    {
        ArgumentNullException.ThrowIfNull(expected);
        _decode = decode ?? throw new ArgumentNullException(nameof(decode));
        foreach (string p in expected) _remaining.AddOrUpdate(p, 1, (_, n) => n + 1);
    }

    /// <summary>Recordings decoded and not yet released (for tests and memory accounting).</summary>
    public int Open => _open.Count;

    /// <summary>Clip <paramref name="clipIndex"/> of <paramref name="path"/>.</summary>
    /// <exception cref="ConcordException">The clip lies past the end of the recording, or the clip was not expected.</exception>
    public float[] Clip(string path, int clipIndex)
    {
        if (!_remaining.ContainsKey(path)) throw new ConcordException($"{path}: no clip of this recording was expected");
        var clips = _open.GetOrAdd(path, p => new Lazy<float[][]>(() => _decode(p), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        if (_remaining.AddOrUpdate(path, 0, (_, n) => n - 1) <= 0) _open.TryRemove(path, out _);
        if (clipIndex < 0 || clipIndex >= clips.Length)
            throw new ConcordException($"{path}: clip {clipIndex} is past the end of the audio ({clips.Length} clips)");
        return clips[clipIndex];
    }
}
