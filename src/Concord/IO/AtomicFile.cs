namespace Concord.IO;

/// <summary>
/// Writes files atomically: content goes to a temporary sibling (<c>name.tmp-XXXX</c>), is flushed to disk,
/// then renamed over the destination. A reader never observes a partially written file, and a crash
/// leaves at most a stray temporary that the next write ignores.
/// <para>
/// It is also the one place that decides where an output may go (<see cref="Target"/>, used by every write here, by
/// <see cref="NpyRowWriter{T}"/> and by every command for its <c>-o</c>/<c>--out</c> before it starts): symbolic links
/// are resolved first, so the rename replaces the link's target and never the link; a target that exists and is not a
/// regular file or folder (a device such as <c>/dev/null</c>, a FIFO, a socket) is refused, because renaming over it
/// would replace it by a regular file; and a target that is one of the command's inputs is refused.
/// </para>
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Checks an output path and returns its canonical form (symbolic links resolved). <paramref name="inputs"/> are the
    /// command's input files or folders; the output must be none of them (compared after resolving links).
    /// </summary>
    /// <exception cref="ConcordException">The output is a device, FIFO or socket, or one of the inputs.</exception>
    public static string Target(string path, params IEnumerable<string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        string canonical = FileKinds.Canonical(path);
        var kind = FileKinds.Of(canonical);
        if (kind is not (FileKind.Missing or FileKind.Regular or FileKind.Directory))
            throw ConcordException.InFile(path, $"output is {FileKinds.Describe(kind)}; refusing to replace it (outputs must be regular files or folders)");
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input)) continue;
            if (string.Equals(FileKinds.Canonical(input), canonical, StringComparison.Ordinal))
                throw ConcordException.InFile(path, $"output is the same file as the input {input}; refusing to overwrite an input");
        }
        return canonical;
    }

    /// <summary>Writes via <paramref name="write"/> into a temporary stream and renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Target(path);
        if (Directory.Exists(full)) throw ConcordException.InFile(path, "output is a folder; expected a file name");
        string dir = Path.GetDirectoryName(full)!;
        EnsureWritableDirectory(dir);
        string tmp = TemporaryPathFor(full);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            TryDelete(tmp);
            throw new ConcordException($"{full}: could not write ({ex.Message.TrimEnd('.')})", ex);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>A unique temporary path next to <paramref name="path"/>, on the same file system, so the rename is atomic.</summary>
    public static string TemporaryPathFor(string path) =>
        path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Creates <paramref name="directory"/> if needed and fails with a clear message when it cannot be written.</summary>
    public static void EnsureWritableDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, ".write-probe-" + Guid.NewGuid().ToString("N")[..8]);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ConcordException($"{directory}: output folder is not writable ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>Deletes stray temporaries left in <paramref name="directory"/> by an interrupted write.</summary>
    public static void CleanTemporaries(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var f in Directory.EnumerateFiles(directory, "*.tmp-*")) TryDelete(f);
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
