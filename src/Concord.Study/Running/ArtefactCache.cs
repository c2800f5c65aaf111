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
/// </summary>
public sealed class ArtefactCache(string root)
{
    private const string DoneMarker = ".done";

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
            AtomicFile.WriteAllText(Path.Combine(tmp, DoneMarker), DateTime.UtcNow.ToString("O"));
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(tmp, final);
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
        compute(final);
        AtomicFile.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
        computed = true;
        return final;
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
