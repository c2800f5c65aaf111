using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.IO;
using Concord.Spectral;

namespace Concord.Datasets;

/// <summary>
/// <c>concord prepare</c>: turns a dataset into a cache folder (<see cref="CacheLayout"/>).
/// <para>Order of work: read and validate the dataset, check that every audio file exists, hash the inputs (SHA-256),
/// compute the split — all before anything is written. If manifest.json already records the same input hash and options,
/// nothing is done. Otherwise mel spectrograms are computed block by block (<see cref="PrepareOptions.BlockSize"/> clips,
/// decoded and transformed in parallel) into committed part files <c>mel.parts/part-NNNNN.npy</c>; then labels, tasks and
/// splits are written, the parts are streamed into <c>mel.npy</c>, manifest.json is written last and the parts are deleted.
/// Every file is written atomically. A run killed part-way resumes from its committed blocks; a run that fails on bad input
/// removes what it created.</para>
/// Memory stays bounded by one block of spectrograms plus the recordings it touches, whatever N is.
/// </summary>
public static class DatasetPreparer
{
    private const string PartsDir = "mel.parts";

    /// <summary>Reads the dataset described by <paramref name="options"/> from <paramref name="input"/> (folder or CSV), applying filters and the limit.</summary>
    public static LabelledDataset LoadDataset(string input, PrepareOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(options);
        int sr = options.ResolvedSampleRateHz;
        switch (options.Dataset)
        {
            case DatasetKind.NSynth:
            {
                var ds = NSynthDataset.Load(input);
                var notes = ds.Select(options.NSynth with { Limit = options.Limit, Seed = options.Seed });
                ds.VerifyAudio(notes);
                return ds.ToLabelled(notes);
            }
            default:
            {
                if (Directory.Exists(input)) throw new ConcordException($"{Path.GetFullPath(input)}: --input must be a CSV file for --dataset {options.Dataset.ToString().ToLowerInvariant()}");
                var rec = options.Recordings with { CutIntoClips = options.Dataset == DatasetKind.Recordings };
                var ds = RecordingsDataset.Load(input, rec, sr, p => AudioFile.ReadInfo(p).SampleCountAt(sr), options.MaxDegreeOfParallelism, cancellationToken);
                if (options.Limit is int limit && limit < ds.Count)
                    ds = ds.Subset(new LegacyNumpyRandom(options.Seed).Choice(ds.Count, limit).Select(i => (int)i).ToArray());
                return ds;
            }
        }
    }

    /// <summary>Prepares <paramref name="input"/> into the cache folder <paramref name="output"/>. When
    /// <paramref name="alongside"/> is given, it runs on each decoded clip in the same pass (prepare --features); it is ignored
    /// for a power cache (<see cref="PrepareOptions.Power"/>) and when the mel cache is already up to date.</summary>
    /// <exception cref="ConcordException">Bad input or options, or an unwritable output folder; nothing created by this run is left behind.</exception>
    public static PrepareResult Prepare(string input, string output, PrepareOptions options, IProgress<PrepareProgress>? progress = null,
        CancellationToken cancellationToken = default, IClipStage? alongside = null)
    {
        ThrowIfInvalid(options);
        string cache = Path.GetFullPath(output);
        int sr = options.ResolvedSampleRateHz;
        var dataset = LoadDataset(input, options, cancellationToken);
        var split = DatasetSplitter.Split(dataset, options.Split);
        string inputRoot = options.Dataset == DatasetKind.NSynth ? Path.GetFullPath(input) : Path.GetDirectoryName(Path.GetFullPath(input))!;
        var (inputHash, indexHashes, audioCount) = HashInputs(dataset, inputRoot, options.MaxDegreeOfParallelism, progress, cancellationToken);
        var optionsNode = JsonSerializer.SerializeToNode(options, PrepareManifest.Json)!.AsObject();
        string optionsHash = Sha256Hex(Encoding.UTF8.GetBytes(optionsNode.ToJsonString()));

        if (TryUpToDate(cache, dataset, inputHash, optionsHash, out var damage) is { } current)
            return new PrepareResult(cache, true, 0, 0, current);

        var mel = new MelSpectrogram(options.Mel, sr);
        double clipSeconds = options.Dataset == DatasetKind.NSynth ? ClipSlicer.DefaultClipSeconds : options.Recordings.ClipSeconds;
        int clipLength = ClipSlicer.ClipLength(clipSeconds, sr);
        int mels = options.Mel.MelBandCount, frames = mel.FrameCount(clipLength);

        bool createdCache = !Directory.Exists(cache);
        string parts = Path.Combine(cache, PartsDir);
        bool createdParts = !Directory.Exists(parts);
        // The mel stack is written twice (committed parts, then mel.npy) before the parts are deleted.
        long melBytes = checked((long)dataset.Count * mels * frames * sizeof(float));
        long committed = Directory.Exists(parts) ? Directory.EnumerateFiles(parts, "part-*.npy").Sum(f => new FileInfo(f).Length) : 0;
        DiskSpace.Require(cache, 2 * melBytes - committed,
            $"preparing {dataset.Count} examples (mel parts, then mel.npy [{dataset.Count}, {mels}, {frames}] float32 of {DiskSpace.Format(melBytes)})");
        try
        {
            AtomicFile.EnsureWritableDirectory(cache);
            AtomicFile.CleanTemporaries(cache);
            var (computed, reused) = ComputeParts(dataset, options, mel, clipLength, clipSeconds, parts, inputHash, optionsHash,
                options.Power ? null : alongside, progress, cancellationToken);
            // A previous cache in this folder is about to be replaced: drop its manifest first, so a crash in between never pairs it with new files.
            File.Delete(CacheLayout.Manifest(cache));
            WriteLabels(cache, dataset, split);
            AssembleMel(cache, parts, dataset.Count, mels, frames, options.BlockSize);
            var manifest = new PrepareManifest
            {
                FormatVersion = CacheLayout.FormatVersion,
                ConcordVersion = BuildInfo.Version,
                ConcordCommit = BuildInfo.Commit,
                Runtime = BuildInfo.Runtime,
                Packages = PackageVersions(),
                CreatedUtc = DateTime.UtcNow,
                Dataset = options.Dataset.ToString().ToLowerInvariant(),
                Input = Path.GetFullPath(input),
                InputSha256 = inputHash,
                IndexFiles = indexHashes,
                AudioFileCount = audioCount,
                OptionsSha256 = optionsHash,
                Options = optionsNode,
                Count = dataset.Count,
                Dropped = dataset.Dropped,
                Mels = mels,
                Frames = frames,
                SampleRateHz = sr,
                MelUnit = options.Power ? "power" : "dB",
                TrainCount = split.Train.Length,
                TestCount = split.Test.Length,
                Files = FileManifest.OfFiles(cache, CacheFiles(cache, dataset).Select(f => Path.GetRelativePath(cache, f))).Files,
            };
            AtomicFile.WriteAllText(CacheLayout.Manifest(cache), JsonSerializer.Serialize(manifest, PrepareManifest.Json));
            Directory.Delete(parts, recursive: true);
            return new PrepareResult(cache, false, computed, reused, manifest) { Damaged = damage };
        }
        catch (ConcordException)
        {
            // Bad input found while decoding: remove what this run created, so no partial cache is left behind.
            if (createdParts) TryDeleteDirectory(parts);
            if (!options.Power) alongside?.Discard();
            if (createdCache && Directory.Exists(cache) && !Directory.EnumerateFileSystemEntries(cache).Any()) TryDeleteDirectory(cache);
            throw;
        }
    }

    /// <summary>
    /// The manifest of <paramref name="cache"/> when it is complete, matches the input and options hashes, and its files
    /// are intact, else null. Intact: each file has the size its manifest records, and files of at most
    /// <see cref="FileManifest.CheapHashBytes"/> their SHA-256 too; a cache written before manifests recorded its files
    /// is checked by its <c>.npy</c> headers (each file holds exactly the bytes its shape needs). What is damaged is
    /// returned in <paramref name="damage"/>.
    /// </summary>
    private static PrepareManifest? TryUpToDate(string cache, LabelledDataset dataset, string inputHash, string optionsHash, out IReadOnlyList<FileDamage> damage)
    {
        damage = [];
        string path = CacheLayout.Manifest(cache);
        if (!File.Exists(path)) return null;
        PrepareManifest m;
        try { m = PreparedCache.ReadManifest(path); }
        catch (ConcordException) { return null; }
        if (m.InputSha256 != inputHash || m.OptionsSha256 != optionsHash || m.Count != dataset.Count) return null;
        var needed = CacheFiles(cache, dataset);
        var missing = needed.Where(f => !File.Exists(f)).Select(f => new FileDamage(f, "a file of the prepared cache", FileDamage.Missing)).ToList();
        if (missing.Count > 0) { damage = missing; return null; }
        if (m.Files is { } files)
            damage = new FileManifest { Files = files }.Check(cache, FileManifest.HashWhenCheap).Damaged;
        else
            damage = needed.Where(f => f.EndsWith(".npy", StringComparison.Ordinal)).Select(NpyDamage).OfType<FileDamage>().ToList();
        return damage.Count == 0 ? m : null;
    }

    /// <summary>Every file a complete cache of <paramref name="dataset"/> holds besides manifest.json.</summary>
    private static IReadOnlyList<string> CacheFiles(string cache, LabelledDataset dataset) =>
        [CacheLayout.Mel(cache), CacheLayout.LabelsCsv(cache), CacheLayout.Tasks(cache), CacheLayout.TrainSplit(cache), CacheLayout.TestSplit(cache),
            .. dataset.Tasks.Select(t => CacheLayout.Label(cache, t.Task.Name))];

    /// <summary>What is wrong with a <c>.npy</c> file whose header does not describe its size, or null.</summary>
    private static FileDamage? NpyDamage(string path)
    {
        try
        {
            Npy.ReadHeader(path);
            return null;
        }
        catch (ConcordException ex) { return new FileDamage(path, "a complete .npy file", ex.Message.StartsWith(path, StringComparison.Ordinal) ? ex.Message[(path.Length + 2)..] : ex.Message); }
    }

    private static (int Computed, int Reused) ComputeParts(LabelledDataset dataset, PrepareOptions options, MelSpectrogram mel, int clipLength, double clipSeconds,
        string parts, string inputHash, string optionsHash, IClipStage? alongside, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
    {
        int n = dataset.Count, block = options.BlockSize, mels = options.Mel.MelBandCount, frames = mel.FrameCount(clipLength);
        int blocks = (n + block - 1) / block;
        string stampPath = Path.Combine(parts, "stamp.json");
        string stamp = new JsonObject { ["input_sha256"] = inputHash, ["options_sha256"] = optionsHash, ["block_size"] = block, ["count"] = n }.ToJsonString();
        if (Directory.Exists(parts) && (!File.Exists(stampPath) || File.ReadAllText(stampPath) != stamp)) Directory.Delete(parts, recursive: true);
        AtomicFile.EnsureWritableDirectory(parts);
        AtomicFile.CleanTemporaries(parts);
        if (!File.Exists(stampPath)) AtomicFile.WriteAllText(stampPath, stamp);

        int computed = 0, reused = 0, sr = mel.SampleRateHz;
        alongside?.Begin(inputHash, optionsHash, n, mels, frames);
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = b * block, rows = Math.Min(block, n - first);
            string part = PartPath(parts, b);
            var stage = alongside is not null && !alongside.IsCommitted(b, rows) ? alongside : null;
            if (stage is null && IsCompletePart(part, rows, mels, frames)) { reused += rows; progress?.Report(new("mel", first + rows, n)); continue; }
            stage?.BeginBlock(b, rows);
            var buffer = new float[(long)rows * mels * frames];
            var groups = Enumerable.Range(first, rows).GroupBy(i => dataset.Examples[i].AudioPath).Select(g => g.ToArray()).ToArray();
            ParallelWork.ForEach(groups, options.MaxDegreeOfParallelism, cancellationToken, group =>
            {
                string path = dataset.Examples[group[0]].AudioPath;
                var audio = AudioFile.Load(path, sr);
                foreach (int i in group)
                {
                    if (dataset.Examples[i].DeclaredSampleRateHz is int declared && declared != audio.SourceSampleRateHz)
                        throw ConcordException.InFile(path, $"note '{dataset.Examples[i].Id}': field 'sample_rate' says {declared} Hz "
                            + $"but the audio file is {audio.SourceSampleRateHz} Hz");
                    var samples = ClipOf(audio, path, dataset.Examples[i].ClipIndex, clipLength, clipSeconds, options);
                    var spec = stage?.Compute(i - first, samples, sr) ?? (options.Power ? mel.ComputePower(samples) : mel.ComputeDecibels(samples));
                    spec.Values.CopyTo(buffer, (long)(i - first) * mels * frames);
                }
            });
            stage?.CommitBlock();
            Npy.Write<float>(part, buffer, rows, mels, frames);
            computed += rows;
            progress?.Report(new("mel", first + rows, n));
        }
        return (computed, reused);
    }

    internal static float[] ClipOf(AudioClip audio, string path, int clipIndex, int clipLength, double clipSeconds, PrepareOptions options)
    {
        if (options.Dataset != DatasetKind.Recordings) return ClipSlicer.RequireFullClip(audio, path, clipSeconds);
        long start = (long)clipIndex * clipLength;
        var clip = new float[clipLength];
        int available = (int)Math.Clamp(audio.Samples.Length - start, 0, clipLength);
        if (available < clipLength && options.Recordings.PartialClip == PartialClipPolicy.Drop)
            throw ConcordException.InFile(path, $"recording changed while preparing: clip {clipIndex} is incomplete");
        audio.Samples.AsSpan((int)Math.Min(start, audio.Samples.Length), available).CopyTo(clip);
        return clip;
    }

    private static string PartPath(string parts, int block) => Path.Combine(parts, $"part-{block.ToString("00000", CultureInfo.InvariantCulture)}.npy");

    private static bool IsCompletePart(string part, int rows, int mels, int frames)
    {
        if (!File.Exists(part)) return false;
        try
        {
            var h = Npy.ReadHeader(part);
            return h.DType == NpyDType.Float32 && h.Shape.SequenceEqual(new long[] { rows, mels, frames });
        }
        catch (ConcordException) { return false; }
    }

    /// <summary>Streams the committed parts into mel.npy through one buffer of a few spectrograms, so no part is held in memory.</summary>
    private static void AssembleMel(string cache, string parts, int n, int mels, int frames, int block)
    {
        using var writer = new NpyRowWriter<float>(CacheLayout.Mel(cache), n, mels, frames);
        int rowLength = mels * frames, chunk = Math.Max(1, (1 << 20) / (rowLength * sizeof(float)));
        var buffer = new float[(long)Math.Min(chunk, block) * rowLength];
        for (int b = 0; b * block < n; b++)
        {
            using var part = new NpyReader(PartPath(parts, b));
            for (long first = 0; first < part.Header.Rows; first += chunk)
            {
                int rows = (int)Math.Min(chunk, part.Header.Rows - first);
                var span = buffer.AsSpan(0, rows * rowLength);
                part.ReadRows(first, rows, span);
                writer.WriteRows(span);
            }
        }
        writer.Commit();
    }

    /// <summary>labels.csv (index, id, path, clip, label columns), tasks.json, labels/&lt;task&gt;.npy and the split indices.</summary>
    internal static void WriteLabels(string cache, LabelledDataset dataset, DatasetSplit split)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', new[] { "index", "id", "path", "clip" }.Concat(dataset.LabelColumns).Select(CsvTable.Quote))).Append('\n');
        for (int i = 0; i < dataset.Count; i++)
        {
            var e = dataset.Examples[i];
            csv.Append(string.Join(',', new[] { i.ToString(CultureInfo.InvariantCulture), e.Id, e.AudioPath, e.ClipIndex.ToString(CultureInfo.InvariantCulture) }
                .Concat(dataset.LabelRows[i]).Select(CsvTable.Quote))).Append('\n');
        }
        AtomicFile.WriteAllText(CacheLayout.LabelsCsv(cache), csv.ToString());
        foreach (var t in dataset.Tasks)
        {
            if (t.Task.Kind == TaskKind.Regression) Npy.Write<double>(CacheLayout.Label(cache, t.Task.Name), t.Values, t.Count);
            else Npy.Write<long>(CacheLayout.Label(cache, t.Task.Name), t.Codes, t.Count);
        }
        AtomicFile.WriteAllText(CacheLayout.Tasks(cache), JsonSerializer.Serialize(dataset.Tasks.Select(t => t.Task).ToArray(), PrepareManifest.Json));
        Npy.Write<long>(CacheLayout.TrainSplit(cache), split.Train, split.Train.Length);
        Npy.Write<long>(CacheLayout.TestSplit(cache), split.Test, split.Test.Length);
    }

    /// <summary>SHA-256 of each index file and each distinct audio file, combined (in order) into one digest over
    /// lines "relative-path TAB sha256".</summary>
    private static (string Combined, Dictionary<string, string> Index, int AudioCount) HashInputs(LabelledDataset dataset, string root, int parallelism,
        IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
    {
        var index = dataset.IndexFiles.ToDictionary(f => Path.GetRelativePath(root, f), HashFile);
        var audio = dataset.Examples.Select(e => e.AudioPath).Distinct().ToArray();
        var hashes = new string[audio.Length];
        int done = 0;
        ParallelWork.ForEach(Enumerable.Range(0, audio.Length), parallelism, cancellationToken, i =>
        {
            hashes[i] = HashFile(audio[i]);
            int d = Interlocked.Increment(ref done);
            if (d % 256 == 0 || d == audio.Length) progress?.Report(new("hash", d, audio.Length));
        });
        var all = new StringBuilder();
        foreach (var (k, v) in index) all.Append(k).Append('\t').Append(v).Append('\n');
        for (int i = 0; i < audio.Length; i++) all.Append(Path.GetRelativePath(root, audio[i])).Append('\t').Append(hashes[i]).Append('\n');
        return (Sha256Hex(Encoding.UTF8.GetBytes(all.ToString())), index, audio.Length);
    }

    private static string HashFile(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Convert.ToHexStringLower(SHA256.HashData(fs));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ConcordException.InFile(path, $"cannot read ({ex.Message.TrimEnd('.')})");
        }
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Versions of the non-framework assemblies Concord.Core references (the NuGet packages it uses).</summary>
    private static Dictionary<string, string> PackageVersions() =>
        typeof(BuildInfo).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name is { } n && !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("Microsoft", StringComparison.Ordinal)
                        && n is not ("netstandard" or "mscorlib"))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToDictionary(a => a.Name!, a => a.Version?.ToString() ?? "unknown");

    private static void ThrowIfInvalid(PrepareOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("invalid prepare options: " + errors[0]);
    }

    private static void TryDeleteDirectory(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
