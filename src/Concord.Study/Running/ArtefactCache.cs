using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Concord.IO;

using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// A content-addressed artefact store under <c>RUN/artefacts/&lt;stage&gt;/&lt;hash&gt;/</c>. The hash covers the stage name,
/// its options (canonical JSON) and the hashes of its inputs, so an unchanged input reuses the artefact, and a changed
/// option changes the hash of that stage and of every stage that consumes its output (and nothing else).
/// An artefact is computed in a temporary sibling folder and renamed into place only when complete, with a
/// <c>.done</c> marker inside; a killed computation leaves only a temporary folder, which is removed on the next run.
/// <para>The <c>.done</c> marker is the artefact's integrity manifest (<see cref="FileManifest"/>): the relative path, size
/// and SHA-256 of every file in the folder. <see cref="Check"/> compares a finished artefact with it before reuse: sizes
/// always; hashes of models and features (kinds <c>train</c> and <c>features</c>) and of every file of at most
/// <see cref="FileManifest.CheapHashBytes"/>; every hash when <paramref name="verifyAll"/> (<c>concord run --verify</c>).
/// A marker written before manifests existed (a bare timestamp) is <see cref="ArtefactState.NoManifest"/>.</para>
/// </summary>
/// <param name="root">The cache root (<c>RUN/artefacts</c>).</param>
/// <param name="verifyAll">Compare every file's hash, whatever its size (<c>--verify</c>).</param>
public sealed class ArtefactCache(string root, bool verifyAll = false)
{
    private const string DoneMarker = ".done";
    private const int MarkerFormat = 1;
    private static readonly IReadOnlySet<string> MarkerOnly = new HashSet<string>(StringComparer.Ordinal) { DoneMarker };
    private static readonly JsonSerializerOptions MarkerJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Artefact folders checked intact (or intact and released) by this instance (checked once per run, and by
    /// every reader after that).</summary>
    private readonly ConcurrentDictionary<string, ArtefactState> _intact = new(StringComparer.Ordinal);

    /// <summary>The <c>.done</c> marker's content: when the artefact was completed, its files, and the data files deleted
    /// after their readers finished (<see cref="Release"/>; null when none were).</summary>
    private sealed record Marker(int Format, string CompletedUtc, IReadOnlyList<ManifestFile> Files, IReadOnlyList<ManifestFile>? Released = null);

    /// <summary>True when every hash is compared (<c>--verify</c>), not only the cheap ones.</summary>
    public bool VerifyAll => verifyAll;

    /// <summary>The cache root (<c>RUN/artefacts</c>).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>
    /// Content hash: hex SHA-256 (first 20 hex digits) of "stage\n" + canonical JSON of <paramref name="options"/> + "\n" +
    /// each input hash on its own line, in the given order.
    /// </summary>
    public static string Hash(string stage, object? options, params IEnumerable<string> inputs)
    {
        var sb = new StringBuilder();
        sb.Append(stage).Append('\n').Append(JsonSerializer.Serialize(options, Config.ExperimentConfigLoader.Options)).Append('\n');
        foreach (string i in inputs) sb.Append(i).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..20];
    }

    /// <summary>Hash of a file's bytes (first 20 hex digits of SHA-256), for external inputs such as a dataset listing.</summary>
    public static string HashFile(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f))[..20];
    }

    /// <summary>The artefact folder for a stage and hash.</summary>
    public string PathFor(string stage, string hash) => Path.Combine(Root, stage, hash);

    /// <summary>True when the artefact is complete.</summary>
    public bool IsDone(string stage, string hash) => File.Exists(Path.Combine(PathFor(stage, hash), DoneMarker));

    /// <summary>
    /// Returns the artefact folder, computing it first with <paramref name="compute"/> (which writes into the folder it is
    /// given) unless it is complete and <paramref name="force"/> is false. <paramref name="computed"/> tells which happened.
    /// </summary>
    public string GetOrCompute(string stage, string hash, Action<string> compute, bool force, out bool computed)
    {
        ArgumentNullException.ThrowIfNull(compute);
        string final = PathFor(stage, hash);
        if (!force && IsDone(stage, hash)) { computed = false; return final; }
        string tmp = final + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(tmp);
        try
        {
            compute(tmp);
            WriteMarker(tmp);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(tmp, final);
            _intact[final] = ArtefactState.Intact;
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        computed = true;
        return final;
    }

    /// <summary>
    /// Like <see cref="GetOrCompute"/>, but <paramref name="compute"/> works in the final folder itself, for computations
    /// that resume from their own checkpoints (training, dataset preparation): a killed run leaves the folder without
    /// its <c>.done</c> marker and the next run calls <paramref name="compute"/> again on it.
    /// </summary>
    public string GetOrComputeResumable(string stage, string hash, Action<string> compute, bool force, out bool computed)
    {
        ArgumentNullException.ThrowIfNull(compute);
        string final = PathFor(stage, hash);
        string marker = Path.Combine(final, DoneMarker);
        if (!force && File.Exists(marker)) { computed = false; return final; }
        if (force && Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.CreateDirectory(final);
        CleanTemporaryFiles(final);   // left by a killed or terminated computation (a checkpoint being written)
        compute(final);
        WriteMarker(final);
        _intact[final] = ArtefactState.Intact;
        computed = true;
        return final;
    }

    /// <summary>
    /// Compares a finished artefact with the manifest in its <c>.done</c> marker (sizes always; hashes per the policy in
    /// the class summary) and lists files it does not record. An artefact found intact is not read again by this instance.
    /// </summary>
    public ArtefactCheck Check(string stage, string hash)
    {
        string folder = PathFor(stage, hash);
        string marker = Path.Combine(folder, DoneMarker);
        if (!File.Exists(marker)) return new ArtefactCheck(ArtefactState.NotDone, folder, [], []);
        if (_intact.TryGetValue(folder, out var known)) return new ArtefactCheck(known, folder, [], []);
        var (manifest, released, unreadable) = ReadManifest(marker);
        if (unreadable is not null) return new ArtefactCheck(ArtefactState.Damaged, folder, [new FileDamage(marker, "a file manifest (JSON)", unreadable)], []);
        if (manifest is null) return new ArtefactCheck(ArtefactState.NoManifest, folder, [], []);
        var report = manifest.Check(folder, f => verifyAll || HashedOnReuse(stage, f));
        var extra = manifest.ExtraFiles(folder, MarkerOnly);
        var state = !report.Intact ? ArtefactState.Damaged : released is null ? ArtefactState.Intact : ArtefactState.Released;
        if (report.Intact) _intact[folder] = state;
        return new ArtefactCheck(state, folder, report.Damaged, extra);
    }

    /// <summary>
    /// The finished input a task is about to read, checked first (<see cref="Check"/>): a damaged one is refused naming
    /// the file, so a damaged model is never loaded. An artefact without a manifest (an earlier Concord) is accepted,
    /// except when every hash must be compared.
    /// </summary>
    public string RequireIntact(string stage, string hash)
    {
        var check = Check(stage, hash);
        return check.State switch
        {
            ArtefactState.Intact => check.Folder,
            ArtefactState.NoManifest when !verifyAll => check.Folder,
            ArtefactState.Damaged => throw new ConcordException(check.Describe() + $"; rerun the study to recompute it (or delete {check.Folder})"),
            ArtefactState.Released => throw new ConcordException(check.Describe() + "; rerun the whole study (concord run), which recreates them before the tasks that need them"),
            _ => throw new ConcordException(check.Describe()),
        };
    }

    /// <summary>
    /// Writes the manifest of a finished artefact whose marker has none (written by an earlier Concord), from its files
    /// as they are now: later runs can then detect damage that happens from now on.
    /// </summary>
    public void RecordManifest(string stage, string hash)
    {
        string folder = PathFor(stage, hash);
        WriteMarker(folder);
        _intact[folder] = ArtefactState.Intact;
    }

    /// <summary>
    /// Deletes the data files of a finished, intact artefact whose readers have all finished, keeping the files
    /// <paramref name="keep"/> accepts (relative paths; result rows and descriptors), and records what was deleted in its
    /// marker, which is written first: a crash in between leaves files the marker no longer lists, which the next call
    /// deletes. Returns the bytes deleted (0 when nothing was left to delete). Call while holding the artefact's lock.
    /// </summary>
    /// <exception cref="InvalidOperationException">The artefact is not finished and intact (or already released).</exception>
    public long Release(string stage, string hash, Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        string folder = PathFor(stage, hash);
        var check = Check(stage, hash);
        var (manifest, released, _) = check.State is ArtefactState.Intact or ArtefactState.Released ? ReadManifest(Path.Combine(folder, DoneMarker)) : default;
        if (manifest is null) throw new InvalidOperationException($"{folder}: only a finished, intact artefact can be released ({check.State})");
        if (released is null)
        {
            var kept = manifest.Files.Where(f => keep(f.Path)).ToList();
            released = manifest.Files.Where(f => !keep(f.Path)).ToList();
            var marker = new Marker(MarkerFormat, DateTime.UtcNow.ToString("O"), kept, released);
            AtomicFile.WriteAllText(Path.Combine(folder, DoneMarker), JsonSerializer.Serialize(marker, MarkerJson));
            _intact[folder] = ArtefactState.Released;
        }
        long bytes = 0;
        foreach (var f in released)
        {
            string path = Path.Combine(folder, f.Path);
            if (!File.Exists(path)) continue;
            File.Delete(path);
            bytes += f.Size;
        }
        return bytes;
    }

    /// <summary>The data files <see cref="Release"/> deleted from a finished artefact (empty when none were, or when it is
    /// not finished).</summary>
    public IReadOnlyList<ManifestFile> ReleasedFiles(string stage, string hash)
    {
        string marker = Path.Combine(PathFor(stage, hash), DoneMarker);
        return File.Exists(marker) ? ReadManifest(marker).Released ?? [] : [];
    }

    /// <summary>
    /// Whether a file's hash is compared on every reuse: models and checkpoints (<c>train</c>) and features
    /// (<c>features</c>) whatever their size, and every other file of at most <see cref="FileManifest.CheapHashBytes"/>.
    /// </summary>
    public static bool HashedOnReuse(string stage, ManifestFile file) =>
        stage == StudyTaskKind.Train.ToName() || stage == StudyTaskKind.Features.ToName() || FileManifest.HashWhenCheap(file);

    /// <summary>Deletes <c>*.tmp-*</c> files anywhere in a task's folder (only its own computation writes there, under its lock).</summary>
    private static void CleanTemporaryFiles(string folder)
    {
        foreach (string d in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder).ToList())
            AtomicFile.CleanTemporaries(d);
    }

    /// <summary>Writes the <c>.done</c> marker with the manifest of every file in the folder; a temporary file is never part of an artefact.</summary>
    private static void WriteMarker(string folder)
    {
        CleanTemporaryFiles(folder);
        var manifest = FileManifest.OfFolder(folder, MarkerOnly);
        var marker = new Marker(MarkerFormat, DateTime.UtcNow.ToString("O"), manifest.Files);
        AtomicFile.WriteAllText(Path.Combine(folder, DoneMarker), JsonSerializer.Serialize(marker, MarkerJson));
    }

    /// <summary>
    /// The manifest of a <c>.done</c> marker; null without an error for a marker without one (a bare timestamp, as
    /// written before manifests); an error when the marker is JSON that cannot be read (a damaged marker).
    /// </summary>
    private static (FileManifest? Manifest, IReadOnlyList<ManifestFile>? Released, string? Unreadable) ReadManifest(string marker)
    {
        string text = File.ReadAllText(marker);
        if (!text.TrimStart().StartsWith('{')) return (null, null, null);
        try
        {
            var m = JsonSerializer.Deserialize<Marker>(text, MarkerJson);
            static bool Valid(IReadOnlyList<ManifestFile>? files) => files is not null && files.All(f => f is not null && f.Path is not null && f.Sha256 is { Length: 64 });
            return m is null || !Valid(m.Files) || (m.Released is not null && !Valid(m.Released))
                ? (null, null, "a marker without a valid file list")
                : (new FileManifest { Files = m.Files }, m.Released, null);
        }
        catch (JsonException ex) { return (null, null, "unreadable JSON (" + ex.Message.Split('\n')[0] + ")"); }
    }

    /// <summary>
    /// Removes temporary folders left by killed computations, except those of artefacts for which
    /// <paramref name="inUse"/>(stage, hash) is true (a live worker may be writing them).
    /// </summary>
    public void CleanTemporaries(Func<string, string, bool>? inUse = null)
    {
        if (!Directory.Exists(Root)) return;
        foreach (string stage in Directory.EnumerateDirectories(Root))
            foreach (string d in Directory.EnumerateDirectories(stage, "*.tmp-*"))
            {
                string name = Path.GetFileName(d);
                if (inUse is null || !inUse(Path.GetFileName(stage), name[..name.IndexOf(".tmp-", StringComparison.Ordinal)])) TryDelete(d);
            }
    }

    /// <summary>Removes temporary folders a killed computation of one artefact left behind (call while holding its lock).</summary>
    public void CleanTemporaries(string stage, string hash)
    {
        string dir = Path.Combine(Root, stage);
        if (!Directory.Exists(dir)) return;
        foreach (string d in Directory.EnumerateDirectories(dir, hash + ".tmp-*")) TryDelete(d);
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
