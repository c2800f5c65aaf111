using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Concord.Audio;

namespace Concord.Datasets;

/// <summary>
/// The audio of a dataset, read block by block for prepare's passes (the mel pass, and the feature pass of
/// <c>prepare --features</c> / <c>features -i CACHE</c>), so that each input file is read once per run:
/// <list type="bullet">
/// <item>a decoded file's SHA-256 is taken from the very bytes that were decoded;</item>
/// <item>a recording whose clips fall in two consecutive blocks is decoded once for both;</item>
/// <item>a block whose committed parts are checked rather than recomputed has its files hashed (read, not decoded).</item>
/// </list>
/// The hashes feed the cache's input digest (<see cref="Combined"/>, the same digest over "relative-path TAB sha256" lines that
/// manifest.json has always recorded) and the per-block digests that tie a committed part to the files it was computed from.
/// Thread-safe for the parallel work inside one block; blocks are read one after the other.
/// </summary>
internal sealed class BlockAudio
{
    private readonly LabelledDataset _dataset;
    private readonly string _root;
    private readonly int _sampleRateHz;
    private readonly ConcurrentDictionary<string, string> _sha256 = new(StringComparer.Ordinal);
    private (string Path, AudioClip Audio)? _carried;

    /// <param name="dataset">The examples, in row order.</param>
    /// <param name="root">Folder the digests' paths are relative to (the dataset folder, or the folder of its CSV).</param>
    /// <param name="sampleRateHz">Rate the audio is decoded at.</param>
    public BlockAudio(LabelledDataset dataset, string root, int sampleRateHz)
    {
        _dataset = dataset;
        _root = root;
        _sampleRateHz = sampleRateHz;
        Files = dataset.Examples.Select(e => e.AudioPath).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The distinct audio files, in the order of their first example.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Files read so far in this run (hashed, decoded or both); each is read at most once unless a check fails.</summary>
    public int FilesRead => _reads;
    private int _reads;

    /// <summary>SHA-256 of the list of examples (each one's relative audio path and clip index, in row order), from memory: a
    /// stamp for committed parts, which hold rows in this order.</summary>
    public string ExamplesDigest()
    {
        var sb = new StringBuilder();
        foreach (var e in _dataset.Examples)
            sb.Append(Path.GetRelativePath(_root, e.AudioPath)).Append('\t').Append(e.ClipIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        return Hex(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Hashes every audio file not hashed yet, in parallel (no decoding).</summary>
    public void HashAll(int parallelism, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
    {
        int done = 0;
        ParallelWork.ForEach(Enumerable.Range(0, Files.Count), parallelism, cancellationToken, i =>
        {
            HashOf(Files[i]);
            int d = Interlocked.Increment(ref done);
            if (d % 256 == 0 || d == Files.Count) progress?.Report(new("hash", d, Files.Count));
        });
    }

    /// <summary>The digest of the files of examples [first, first + rows), hashing (reading, not decoding) those not seen yet.</summary>
    public string Digest(int first, int rows, int parallelism, CancellationToken cancellationToken)
    {
        var files = BlockFiles(first, rows);
        ParallelWork.ForEach(files, parallelism, cancellationToken, f => HashOf(f));
        return Digest(files);
    }

    /// <summary>
    /// Decodes the files of examples [first, first + rows) in parallel, one file per worker at a time, and calls
    /// <paramref name="perExample"/> for each example with its decoded file; returns the block's digest (from the decoded bytes).
    /// A recording that continues into the next block is kept for it.
    /// </summary>
    public string Decode(int first, int rows, int parallelism, CancellationToken cancellationToken, Action<int, AudioClip, string> perExample)
    {
        var groups = Enumerable.Range(first, rows).GroupBy(i => _dataset.Examples[i].AudioPath, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
        int next = first + rows;
        string? continuing = next < _dataset.Count && _dataset.Examples[next].AudioPath == _dataset.Examples[next - 1].AudioPath
            ? _dataset.Examples[next].AudioPath : null;
        var carried = _carried;
        _carried = null;
        AudioClip? keep = null;
        ParallelWork.ForEach(groups, parallelism, cancellationToken, group =>
        {
            string path = _dataset.Examples[group[0]].AudioPath;
            var audio = carried is { } c && c.Path == path ? c.Audio : Load(path);
            foreach (int i in group) perExample(i, audio, path);
            if (path == continuing) keep = audio;
        });
        if (continuing is not null && keep is not null) _carried = (continuing, keep);
        return Digest(BlockFiles(first, rows));
    }

    /// <summary>The cache's input digest: lines "relative-path TAB sha256" of the index files, then of every audio file in
    /// <see cref="Files"/> order. Every audio file must have been read in this run.</summary>
    public string Combined(IReadOnlyDictionary<string, string> indexHashes)
    {
        var all = new StringBuilder();
        foreach (var (k, v) in indexHashes) all.Append(k).Append('\t').Append(v).Append('\n');
        foreach (string f in Files)
        {
            if (!_sha256.TryGetValue(f, out var h)) throw new InvalidOperationException($"{f} was not read in this run");
            all.Append(Path.GetRelativePath(_root, f)).Append('\t').Append(h).Append('\n');
        }
        return Hex(Encoding.UTF8.GetBytes(all.ToString()));
    }

    /// <summary>SHA-256 of an input file's bytes (<see cref="IO.FileManifest.Sha256"/>), an unreadable file being a user error
    /// that names it.</summary>
    /// <exception cref="ConcordException">The file cannot be read.</exception>
    public static string HashFile(string path)
    {
        try { return IO.FileManifest.Sha256(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ConcordException.InFile(path, $"cannot read ({ex.Message.TrimEnd('.')})");
        }
    }

    private AudioClip Load(string path)
    {
        var audio = AudioFile.LoadHashed(path, _sampleRateHz, out string sha);
        Interlocked.Increment(ref _reads);
        _sha256[path] = sha;   // the bytes behind this block's output, even if an earlier hash of the file differs
        return audio;
    }

    private string HashOf(string path)
    {
        if (_sha256.TryGetValue(path, out var h)) return h;
        h = HashFile(path);
        Interlocked.Increment(ref _reads);
        return _sha256.GetOrAdd(path, h);
    }

    private string[] BlockFiles(int first, int rows) =>
        Enumerable.Range(first, rows).Select(i => _dataset.Examples[i].AudioPath).Distinct(StringComparer.Ordinal).ToArray();

    private string Digest(string[] files)
    {
        var sb = new StringBuilder();
        foreach (string f in files) sb.Append(Path.GetRelativePath(_root, f)).Append('\t').Append(_sha256[f]).Append('\n');
        return Hex(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
