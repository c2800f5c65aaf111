using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Datasets;
using Concord.IO;
using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// <c>concord prepare --features</c>: adds hand-crafted features to a prepared cache as <c>features/&lt;name&gt;.npy</c>
/// (float32 [N, d], <see cref="CacheLayout.Feature"/>), with the mel cache's guarantees:
/// <list type="bullet">
/// <item>blocks of clips are decoded and computed in parallel and committed as part files <c>features.parts/part-NNNNN.npy</c>
/// (float32 [rows, Σd]), so a killed run resumes from its last committed block;</item>
/// <item>the feature files are then streamed from the parts (one part in memory) and renamed into place together;
/// <c>features/features.json</c> (inputs, options, names, dimensions) is written last and the parts deleted;</item>
/// <item>a rerun with the same inputs, options and features finds features.json up to date and does nothing.</item>
/// </list>
/// </summary>
public static class CacheFeatures
{
    private const string PartsDir = "features.parts";

    /// <summary>Features for a prepared cache alone: the input and the prepare options are read from its manifest.json.</summary>
    public static CacheFeaturesResult PrepareFromManifest(string cache, FeatureOptions options, IReadOnlyList<FeatureDefinition> features,
        string outputDirectory, int maxDegreeOfParallelism = 2, IProgress<PrepareProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string path = CacheLayout.Manifest(Path.GetFullPath(cache));
        var manifest = PreparedCache.ReadManifest(path);
        PrepareOptions prepare;
        try { prepare = manifest.Options.Deserialize<PrepareOptions>(PrepareManifest.Json) ?? throw new JsonException("empty"); }
        catch (JsonException ex) { throw ConcordException.InFile(path, $"cannot read the prepare options ({ex.Message})", "options"); }
        return Prepare(manifest.Input, cache, prepare with { MaxDegreeOfParallelism = maxDegreeOfParallelism }, options, features,
            progress, cancellationToken, outputDirectory);
    }

    /// <summary>The record of the features in a cache (written last).</summary>
    public static string ManifestPath(string cache) => Path.Combine(CacheLayout.FeaturesDir(cache), "features.json");

    /// <summary>Computes <paramref name="features"/> for every example of the prepared cache <paramref name="cache"/>,
    /// re-reading the audio of <paramref name="input"/> with the same <paramref name="prepare"/> options that built it.
    /// Files go to <paramref name="outputDirectory"/><c>/features/</c> (default: the cache itself).</summary>
    /// <exception cref="ConcordException">The cache is missing or was built from other inputs or options; bad audio.</exception>
    public static CacheFeaturesResult Prepare(string input, string cache, PrepareOptions prepare, FeatureOptions options,
        IReadOnlyList<FeatureDefinition> features, IProgress<PrepareProgress>? progress = null, CancellationToken cancellationToken = default,
        string? outputDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(options);
        var manifest = PreparedCache.ReadManifest(CacheLayout.Manifest(Path.GetFullPath(cache)));
        cache = Path.GetFullPath(outputDirectory ?? cache);
        var dataset = DatasetPreparer.LoadDataset(input, prepare, cancellationToken);
        if (dataset.Count != manifest.Count)
            throw ConcordException.InFile(CacheLayout.Manifest(cache), $"the cache holds {manifest.Count} examples but the input gives {dataset.Count}; rerun prepare", "count");
        int n = dataset.Count, sr = manifest.SampleRateHz;
        string root = prepare.Dataset == DatasetKind.NSynth ? Path.GetFullPath(input) : Path.GetDirectoryName(Path.GetFullPath(input))!;
        var audio = new BlockAudio(dataset, root, sr);
        var parts = new FeatureParts(cache, prepare, options, features, manifest.InputSha256, audio.ExamplesDigest(), manifest.OptionsSha256,
            n, manifest.Mels, manifest.Frames);
        if (parts.UpToDate) return new CacheFeaturesResult(true, 0, 0, parts.Files);
        parts.Open();

        int block = prepare.BlockSize, blocks = (n + block - 1) / block, computed = 0, reused = 0;
        double clipSeconds = prepare.Dataset == DatasetKind.NSynth ? ClipSlicer.DefaultClipSeconds : prepare.Recordings.ClipSeconds;
        int clipLength = ClipSlicer.ClipLength(clipSeconds, sr);
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = b * block, rows = Math.Min(block, n - first);
            if (parts.CommittedInputs(b, rows) is { } committed
                && committed == audio.Digest(first, rows, prepare.MaxDegreeOfParallelism, cancellationToken))
            {
                reused += rows;
                progress?.Report(new("features", first + rows, n));
                continue;
            }
            parts.BeginBlock(b, rows);
            string digest = audio.Decode(first, rows, prepare.MaxDegreeOfParallelism, cancellationToken, (i, clip, path) =>
                parts.Compute(i - first, DatasetPreparer.ClipOf(clip, path, dataset.Examples[i].ClipIndex, clipLength, clipSeconds, prepare), sr));
            parts.CommitBlock(digest);
            computed += rows;
            progress?.Report(new("features", first + rows, n));
        }
        // Every audio file has now been read once (decoded, or hashed to check a committed part): the features belong to the
        // cache only if these are the files it was prepared from.
        if (audio.Combined(manifest.IndexFiles) != manifest.InputSha256)
            throw ConcordException.InFile(CacheLayout.Manifest(Path.GetFullPath(cache)), $"the audio under {Path.GetFullPath(input)} is not the audio "
                + "this cache was prepared from (a file changed since); rerun prepare", "input_sha256");
        parts.Assemble(blocks);
        return new CacheFeaturesResult(false, computed, reused, parts.Files) { FilesRead = audio.FilesRead };
    }

    /// <summary>
    /// The committed feature parts of one cache (<c>features.parts/part-NNNNN.npy</c>, float32 [rows, Σd], stamped with the
    /// cache's hashes, the feature options and names), and their assembly into the feature files. As an <see cref="IClipStage"/>
    /// it computes its rows inside <see cref="DatasetPreparer.Prepare"/>'s mel pass, from the same decoded clip and STFT.
    /// </summary>
    public sealed class FeatureParts : IClipStage
    {
        private readonly string _cache;
        private readonly PrepareOptions _prepare;
        private readonly FeatureOptions _options;
        private readonly IReadOnlyList<FeatureDefinition> _features;
        private readonly FeatureFrontEnd _frontEnd;
        private string _stamp = "";     // features.parts/stamp.json: which examples, options and features the parts hold
        private string? _record;        // features/features.json: the same with the cache's input digest, once known
        private int[] _dims = [];
        private string _examplesSha256 = "", _optionsSha256 = "";
        private int _count, _mels, _frames, _total, _block = -1;
        private float[] _buffer = [];
        private bool _upToDate, _createdParts;

        /// <summary>Feature parts for the cache <paramref name="cache"/> being prepared with <paramref name="prepare"/>; the hashes
        /// come with <see cref="Begin"/>.</summary>
        public FeatureParts(string cache, PrepareOptions prepare, FeatureOptions options, IReadOnlyList<FeatureDefinition> features)
        {
            ArgumentNullException.ThrowIfNull(prepare);
            ArgumentNullException.ThrowIfNull(options);
            _cache = Path.GetFullPath(cache);
            _prepare = prepare;
            _options = options;
            _features = features;
            _frontEnd = new FeatureFrontEnd(prepare.Mel, options, features);
            Files = features.Select(f => CacheLayout.Feature(_cache, f.Name)).ToList();
        }

        internal FeatureParts(string cache, PrepareOptions prepare, FeatureOptions options, IReadOnlyList<FeatureDefinition> features,
            string inputSha256, string examplesSha256, string optionsSha256, int count, int mels, int frames) : this(cache, prepare, options, features) =>
            Stamp(examplesSha256, optionsSha256, count, mels, frames, inputSha256);

        /// <summary>The feature files, in feature order.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>features.json records these inputs, options and features, and every file is complete.</summary>
        public bool UpToDate => _upToDate;

        /// <summary>This instance wrote the feature files and features.json (at the end of the mel pass, or of
        /// <see cref="Prepare"/>).</summary>
        public bool Assembled { get; private set; }

        private string PartsDirectory => Path.Combine(_cache, PartsDir);

        private void Stamp(string examplesSha256, string optionsSha256, int count, int mels, int frames, string? inputSha256)
        {
            (_examplesSha256, _optionsSha256, _count, _mels, _frames) = (examplesSha256, optionsSha256, count, mels, frames);
            _dims = _frontEnd.Extractor.Dimensions(mels, frames);
            _total = _dims.Sum();
            JsonObject Describe(string key, string value) => new()
            {
                [key] = value,
                ["options_sha256"] = optionsSha256,
                ["feature_options"] = JsonSerializer.SerializeToNode(_options, JsonOptions),
                ["features"] = new JsonArray([.. _features.Select((f, i) => (JsonNode)new JsonObject { ["name"] = f.Name, ["dimension"] = _dims[i] })]),
                ["count"] = count,
                ["block_size"] = _prepare.BlockSize,
            };
            _stamp = Describe("examples_sha256", examplesSha256).ToJsonString(JsonOptions);
            _record = inputSha256 is null ? null : Describe("input_sha256", inputSha256).ToJsonString(JsonOptions);
            _upToDate = _record is not null && File.Exists(ManifestPath(_cache)) && File.ReadAllText(ManifestPath(_cache)) == _record
                && Files.Select((f, i) => IsComplete(f, count, _dims[i])).All(ok => ok);
        }

        /// <summary>Keeps the committed parts of these inputs and options, discards any others.</summary>
        internal void Open()
        {
            string parts = PartsDirectory, stampPath = Path.Combine(parts, "stamp.json");
            _createdParts = !Directory.Exists(parts);
            if (Directory.Exists(parts) && (!File.Exists(stampPath) || File.ReadAllText(stampPath) != _stamp)) Directory.Delete(parts, recursive: true);
            AtomicFile.EnsureWritableDirectory(PartsDirectory);
            AtomicFile.CleanTemporaries(PartsDirectory);
            if (!File.Exists(stampPath)) AtomicFile.WriteAllText(stampPath, _stamp);
        }

        /// <inheritdoc/>
        public void Begin(string examplesSha256, string optionsSha256, int count, int mels, int frames)
        {
            // The mel pass runs because the mel cache is missing or stale, so the input digest is not known yet: the features
            // are computed with the mel spectrograms (or resumed from parts of the same examples and options), and End writes them.
            Stamp(examplesSha256, optionsSha256, count, mels, frames, inputSha256: null);
            Open();
        }

        /// <inheritdoc/>
        public string? CommittedInputs(int block, int rows)
        {
            string part = PartPath(PartsDirectory, block), inputs = DatasetPreparer.InputsPath(part);
            if (!IsComplete(part, rows, _total) || !File.Exists(inputs)) return null;
            try { return File.ReadAllText(inputs); }
            catch (IOException) { return null; }
        }

        /// <inheritdoc/>
        public void BeginBlock(int block, int rows)
        {
            _block = block;
            File.Delete(DatasetPreparer.InputsPath(PartPath(PartsDirectory, block)));   // the digest is the commit mark
            _buffer = new float[(long)rows * _total];
        }

        /// <inheritdoc/>
        public Spectrogram Compute(int row, float[] samples, int sampleRateHz)
        {
            var input = _frontEnd.Prepare(samples, sampleRateHz);
            var values = _frontEnd.Extractor.Compute(input);
            long offset = (long)row * _total;
            for (int f = 0; f < values.Length; f++)
            {
                if (values[f].Length != _dims[f]) throw new ConcordException($"feature '{_features[f].Name}' has {values[f].Length} values, expected {_dims[f]}");
                for (int j = 0; j < values[f].Length; j++) _buffer[offset++] = (float)values[f][j];
            }
            return input.MelDecibels;
        }

        /// <inheritdoc/>
        public void Discard()
        {
            string parts = PartsDirectory;
            try { if (_createdParts && Directory.Exists(parts)) Directory.Delete(parts, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        /// <inheritdoc/>
        public void CommitBlock(string inputsSha256)
        {
            string part = PartPath(PartsDirectory, _block);
            Npy.Write<float>(part, _buffer, _buffer.Length / _total, _total);
            AtomicFile.WriteAllText(DatasetPreparer.InputsPath(part), inputsSha256);
            _buffer = [];
        }

        /// <inheritdoc/>
        public void End(string inputSha256, int blocks)
        {
            Stamp(_examplesSha256, _optionsSha256, _count, _mels, _frames, inputSha256);
            Assemble(blocks);
        }

        /// <summary>Streams the <paramref name="blocks"/> committed parts into the feature files, writes features.json last and
        /// deletes the parts.</summary>
        internal void Assemble(int blocks)
        {
            // Replace any previous feature record first, so a crash in between never pairs it with new files.
            if (File.Exists(ManifestPath(_cache))) File.Delete(ManifestPath(_cache));
            using (var writer = new FeatureFileWriter(_cache, _features, _count, _dims))
            {
                // the parts' float32 rows go to the feature files as they are, through one buffer of a few hundred rows
                int chunk = Math.Max(1, (1 << 20) / (_total * sizeof(float)));
                var buffer = new float[(long)chunk * _total];
                for (int b = 0; b < blocks; b++)
                {
                    using var part = new NpyReader(PartPath(PartsDirectory, b));
                    for (long first = 0; first < part.Header.Rows; first += chunk)
                    {
                        int rows = (int)Math.Min(chunk, part.Header.Rows - first);
                        part.ReadRows(first, rows, buffer.AsSpan(0, rows * _total));
                        for (int r = 0; r < rows; r++) writer.WriteRow(buffer.AsSpan(r * _total, _total));
                    }
                }
                writer.Commit();
            }
            AtomicFile.WriteAllText(ManifestPath(_cache), _record ?? throw new InvalidOperationException("the input digest is not known yet"));
            string parts = PartsDirectory;
            Directory.Delete(parts, recursive: true);
            Assembled = true;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string PartPath(string parts, int block) =>
        Path.Combine(parts, $"part-{block.ToString("00000", System.Globalization.CultureInfo.InvariantCulture)}.npy");

    private static bool IsComplete(string path, int rows, int columns)
    {
        if (!File.Exists(path)) return false;
        try
        {
            var h = Npy.ReadHeader(path);
            return h.DType == NpyDType.Float32 && h.Shape.SequenceEqual(new long[] { rows, columns });
        }
        catch (ConcordException) { return false; }
    }
}
