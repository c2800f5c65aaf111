using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Datasets;
using Concord.IO;

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
        var frontEnd = new FeatureFrontEnd(prepare.Mel, options, features);
        int n = dataset.Count, sr = manifest.SampleRateHz;
        int[] dims = frontEnd.Extractor.Dimensions(manifest.Mels, manifest.Frames);
        int total = dims.Sum();

        var stamp = new JsonObject
        {
            ["input_sha256"] = manifest.InputSha256,
            ["options_sha256"] = manifest.OptionsSha256,
            ["feature_options"] = JsonSerializer.SerializeToNode(options, JsonOptions),
            ["features"] = new JsonArray([.. features.Select((f, i) => (JsonNode)new JsonObject { ["name"] = f.Name, ["dimension"] = dims[i] })]),
            ["count"] = n,
            ["block_size"] = prepare.BlockSize,
        }.ToJsonString(JsonOptions);
        var files = features.Select(f => CacheLayout.Feature(cache, f.Name)).ToList();
        if (File.Exists(ManifestPath(cache)) && File.ReadAllText(ManifestPath(cache)) == stamp
            && files.Select((f, i) => IsComplete(f, n, dims[i])).All(ok => ok))
            return new CacheFeaturesResult(true, 0, 0, files);

        string parts = Path.Combine(cache, PartsDir);
        string stampPath = Path.Combine(parts, "stamp.json");
        if (Directory.Exists(parts) && (!File.Exists(stampPath) || File.ReadAllText(stampPath) != stamp)) Directory.Delete(parts, recursive: true);
        AtomicFile.EnsureWritableDirectory(parts);
        AtomicFile.CleanTemporaries(parts);
        if (!File.Exists(stampPath)) AtomicFile.WriteAllText(stampPath, stamp);

        int block = prepare.BlockSize, blocks = (n + block - 1) / block, computed = 0, reused = 0;
        double clipSeconds = prepare.Dataset == DatasetKind.NSynth ? ClipSlicer.DefaultClipSeconds : prepare.Recordings.ClipSeconds;
        int clipLength = ClipSlicer.ClipLength(clipSeconds, sr);
        var po = new ParallelOptions { MaxDegreeOfParallelism = prepare.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = b * block, rows = Math.Min(block, n - first);
            string part = PartPath(parts, b);
            if (IsComplete(part, rows, total)) { reused += rows; progress?.Report(new("features", first + rows, n)); continue; }
            var buffer = new float[(long)rows * total];
            var groups = Enumerable.Range(first, rows).GroupBy(i => dataset.Examples[i].AudioPath).Select(g => g.ToArray()).ToArray();
            try
            {
                Parallel.ForEach(groups, po, group =>
                {
                    string path = dataset.Examples[group[0]].AudioPath;
                    var audio = AudioFile.Load(path, sr);
                    foreach (int i in group)
                    {
                        var samples = DatasetPreparer.ClipOf(audio, path, dataset.Examples[i].ClipIndex, clipLength, clipSeconds, prepare);
                        var row = frontEnd.Compute(samples, sr);
                        long offset = (long)(i - first) * total;
                        for (int f = 0; f < row.Length; f++)
                        {
                            if (row[f].Length != dims[f]) throw ConcordException.InFile(path, $"feature '{features[f].Name}' has {row[f].Length} values, expected {dims[f]}");
                            for (int j = 0; j < row[f].Length; j++) buffer[offset++] = (float)row[f][j];
                        }
                    }
                });
            }
            catch (AggregateException ae)
            {
                var inner = ae.Flatten().InnerExceptions;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner.FirstOrDefault(e => e is ConcordException) ?? inner[0]).Throw();
                throw;
            }
            Npy.Write<float>(part, buffer, rows, total);
            computed += rows;
            progress?.Report(new("features", first + rows, n));
        }

        // Replace any previous feature record first, so a crash in between never pairs it with new files.
        if (File.Exists(ManifestPath(cache))) File.Delete(ManifestPath(cache));
        using (var writer = new FeatureFileWriter(cache, features, n, dims))
        {
            var row = new double[features.Count][];
            for (int f = 0; f < row.Length; f++) row[f] = new double[dims[f]];
            for (int b = 0; b < blocks; b++)
            {
                var data = Npy.Read<float>(PartPath(parts, b)).Data;
                int rows = data.Length / total;
                for (int r = 0; r < rows; r++)
                {
                    long offset = (long)r * total;
                    for (int f = 0; f < row.Length; f++)
                        for (int j = 0; j < dims[f]; j++) row[f][j] = data[offset++];
                    writer.WriteRow(row);
                }
            }
            writer.Commit();
        }
        AtomicFile.WriteAllText(ManifestPath(cache), stamp);
        Directory.Delete(parts, recursive: true);
        return new CacheFeaturesResult(false, computed, reused, files);
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
