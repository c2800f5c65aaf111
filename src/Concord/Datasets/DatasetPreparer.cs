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
/// <para>Order of work: read and validate the dataset, check that every audio file exists, compute the split — all before
/// anything is written. If manifest.json records a complete cache for the same options, the audio is hashed (SHA-256) and,
/// when the input hash matches too, nothing is done. Otherwise mel spectrograms are computed block by block
/// (<see cref="PrepareOptions.BlockSize"/> clips, decoded and transformed in parallel) into committed part files
/// <c>mel.parts/part-NNNNN.npy</c>, each followed by <c>part-NNNNN.inputs</c>, the digest of the audio files it was computed
/// from (hashed from the bytes that were decoded: each input is read once, see <see cref="BlockAudio"/>); then labels, tasks and
/// splits are written, the parts are streamed into <c>mel.npy</c>, manifest.json is written last and the parts are deleted.
/// Every file is written atomically. A run killed part-way resumes from its committed blocks whose files still have the digest
/// they were committed with; a run that fails on bad input removes what it created.</para>
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
        var indexHashes = dataset.IndexFiles.ToDictionary(f => Path.GetRelativePath(inputRoot, f.Path), f => f.Sha256);
        var optionsNode = JsonSerializer.SerializeToNode(options, PrepareManifest.Json)!.AsObject();
        string optionsHash = Sha256Hex(Encoding.UTF8.GetBytes(optionsNode.ToJsonString()));
        var audio = new BlockAudio(dataset, inputRoot, sr);

        // The audio is hashed up front only when a complete cache for these options is there to compare with; otherwise each
        // file is hashed from the bytes the mel pass decodes, so every input is read once.
        if (TryUpToDate(cache, dataset, () =>
            {
                audio.HashAll(options.MaxDegreeOfParallelism, progress, cancellationToken);
                return audio.Combined(indexHashes);
            }, optionsHash, out var damage) is { } current)
            return new PrepareResult(cache, true, 0, 0, current) { FilesRead = audio.FilesRead };

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
            var (computed, reused) = ComputeParts(dataset, audio, options, mel, clipLength, clipSeconds, parts, optionsHash,
                options.Power ? null : alongside, progress, cancellationToken);
            string inputHash = audio.Combined(indexHashes);
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
                AudioFileCount = audio.Files.Count,
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
            if (!options.Power) alongside?.End(inputHash, (dataset.Count + options.BlockSize - 1) / options.BlockSize);
            return new PrepareResult(cache, false, computed, reused, manifest) { Damaged = damage, FilesRead = audio.FilesRead };
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
    private static PrepareManifest? TryUpToDate(string cache, LabelledDataset dataset, Func<string> inputHash, string optionsHash, out IReadOnlyList<FileDamage> damage)
    {
        damage = [];
        string path = CacheLayout.Manifest(cache);
        if (!File.Exists(path)) return null;
        PrepareManifest m;
        try { m = PreparedCache.ReadManifest(path); }
        catch (ConcordException) { return null; }
        if (m.OptionsSha256 != optionsHash || m.Count != dataset.Count || m.InputSha256 != inputHash()) return null;
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

    private static (int Computed, int Reused) ComputeParts(LabelledDataset dataset, BlockAudio audio, PrepareOptions options, MelSpectrogram mel,
        int clipLength, double clipSeconds, string parts, string optionsHash, IClipStage? alongside, IProgress<PrepareProgress>? progress,
        CancellationToken cancellationToken)
    {
        int n = dataset.Count, block = options.BlockSize, mels = options.Mel.MelBandCount, frames = mel.FrameCount(clipLength);
        int blocks = (n + block - 1) / block;
        string stampPath = Path.Combine(parts, "stamp.json");
        string examplesHash = audio.ExamplesDigest();
        string stamp = new JsonObject { ["examples_sha256"] = examplesHash, ["options_sha256"] = optionsHash, ["block_size"] = block, ["count"] = n }.ToJsonString();
        if (Directory.Exists(parts) && (!File.Exists(stampPath) || File.ReadAllText(stampPath) != stamp)) Directory.Delete(parts, recursive: true);
        AtomicFile.EnsureWritableDirectory(parts);
        AtomicFile.CleanTemporaries(parts);
        if (!File.Exists(stampPath)) AtomicFile.WriteAllText(stampPath, stamp);

        int computed = 0, reused = 0, sr = mel.SampleRateHz;
        alongside?.Begin(examplesHash, optionsHash, n, mels, frames);
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = b * block, rows = Math.Min(block, n - first);
            string part = PartPath(parts, b);
            // A block is reused when its mel part (and the stage's part) are complete and were computed from the files as they are
            // now: their recorded digest is checked by hashing the block's files. Otherwise the block is decoded (and hashed from the
            // same bytes) and both parts are written again.
            string? melInputs = CommittedInputs(part, rows, mels, frames);
            string? stageInputs = alongside?.CommittedInputs(b, rows);
            if (melInputs is not null && (alongside is null || stageInputs is not null))
            {
                string now = audio.Digest(first, rows, options.MaxDegreeOfParallelism, cancellationToken);
                if (now == melInputs && (alongside is null || now == stageInputs)) { reused += rows; progress?.Report(new("mel", first + rows, n)); continue; }
            }
            File.Delete(InputsPath(part));   // the digest is the commit mark: never leave an old one beside a new part
            alongside?.BeginBlock(b, rows);
            var buffer = new float[(long)rows * mels * frames];
            string digest = audio.Decode(first, rows, options.MaxDegreeOfParallelism, cancellationToken, (i, clip, path) =>
            {
                if (dataset.Examples[i].DeclaredSampleRateHz is int declared && declared != clip.SourceSampleRateHz)
                    throw ConcordException.InFile(path, $"note '{dataset.Examples[i].Id}': field 'sample_rate' says {declared} Hz "
                        + $"but the audio file is {clip.SourceSampleRateHz} Hz");
                var samples = ClipOf(clip, path, dataset.Examples[i].ClipIndex, clipLength, clipSeconds, options);
                var spec = alongside?.Compute(i - first, samples, sr) ?? (options.Power ? mel.ComputePower(samples) : mel.ComputeDecibels(samples));
                spec.Values.CopyTo(buffer, (long)(i - first) * mels * frames);
            });
            alongside?.CommitBlock(digest);
            Npy.Write<float>(part, buffer, rows, mels, frames);
            AtomicFile.WriteAllText(InputsPath(part), digest);
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
        // The clips were listed from the file's header (AudioFile.ReadInfo); a file cut short after its header was written
        // (or changed since) decodes to fewer samples. A clip past its end is an error under any policy, never silence.
        if (available <= 0 || (available < clipLength && options.Recordings.PartialClip == PartialClipPolicy.Drop))
            throw ConcordException.InFile(path, string.Create(CultureInfo.InvariantCulture,
                $"the audio decodes to {audio.Samples.Length / (double)audio.SampleRateHz:0.###} s, which ends before clip {clipIndex} "
                + $"(at {start / (double)audio.SampleRateHz:0.###} s) is complete; its header declares more (a truncated file?), or it changed while preparing"));
        audio.Samples.AsSpan((int)Math.Min(start, audio.Samples.Length), available).CopyTo(clip);
        return clip;
    }

    private static string PartPath(string parts, int block) => Path.Combine(parts, $"part-{block.ToString("00000", CultureInfo.InvariantCulture)}.npy");

    /// <summary>The file beside a committed part that records the digest of the audio files it was computed from.</summary>
    internal static string InputsPath(string part) => Path.ChangeExtension(part, ".inputs");

    /// <summary>The digest recorded with the committed part <paramref name="part"/> of shape [rows, mels, frames], or null when the
    /// part is incomplete or has no digest.</summary>
    private static string? CommittedInputs(string part, int rows, int mels, int frames)
    {
        if (!File.Exists(part) || !File.Exists(InputsPath(part))) return null;
        try
        {
            var h = Npy.ReadHeader(part);
            return h.DType == NpyDType.Float32 && h.Shape.SequenceEqual(new long[] { rows, mels, frames }) ? File.ReadAllText(InputsPath(part)) : null;
        }
        catch (ConcordException) { return null; }
        catch (IOException) { return null; }
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

    /// <summary>Removes a folder this run created: its <c>mel.parts</c>, or an output folder it created and left empty (also
    /// for <see cref="ArraysDataset"/>); best effort.</summary>
    internal static void TryDeleteDirectory(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
