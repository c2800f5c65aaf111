using System.Runtime.InteropServices;

namespace Concord.IO;

/// <summary>What a path is on disk, after following symbolic links (stat(2), not lstat(2)).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>
/// The kind of a path (regular file, folder, FIFO, device, socket), which .NET's <see cref="FileInfo"/> does not tell
/// apart: a FIFO or <c>/dev/null</c> is just a "file" there. Reads the mode through the runtime's own native shim
/// (<c>SystemNative_Stat</c> of <c>libSystem.Native</c>, whose <c>FileStatus</c> starts with two 32-bit fields, flags and
/// mode, on every platform .NET supports; the mode's type bits are normalised to the POSIX values).
/// </summary>
public static partial class FileKinds
{
    private const int TypeMask = 0xF000, Fifo = 0x1000, Chr = 0x2000, Dir = 0x4000, Blk = 0x6000, Reg = 0x8000, Sock = 0xC000;

    /// <summary>Large enough for any runtime's <c>FileStatus</c>; only the first two fields are read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct StatBuffer
    {
        public int Flags;
        public int Mode;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, out StatBuffer output);

    /// <summary>The kind of <paramref name="path"/> (symbolic links followed); <see cref="FileKind.Missing"/> when it does not exist.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) && !Directory.Exists(path)) return FileKind.Missing;
        if (Directory.Exists(path)) return FileKind.Directory;
        if (Stat(path, out var st) != 0) return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        return (st.Mode & TypeMask) switch
        {
            Reg => FileKind.Regular,
            Dir => FileKind.Directory,
            Fifo => FileKind.Fifo,
            Chr => FileKind.CharacterDevice,
            Blk => FileKind.BlockDevice,
            Sock => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    /// <summary>Words for a kind in an error message ("a FIFO (named pipe)").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a folder",
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        _ => "not a regular file",
    };

    /// <summary>
    /// Refuses at once an input that exists but is not a regular file (a FIFO, pipe, device or socket): reading one could
    /// block forever or never end, and Concord seeks in its inputs. A missing path passes (the reader reports it).
    /// </summary>
    /// <exception cref="ConcordException">The path is a FIFO, device or socket.</exception>
    public static void RequireRegularInput(string path)
    {
        var kind = Of(path);
        if (kind is FileKind.Missing or FileKind.Regular or FileKind.Directory) return;
        throw ConcordException.InFile(path, $"is {Describe(kind)}, not a regular file; inputs are read from regular files only (save the stream to a file first)");
    }

    /// <summary>
    /// The canonical absolute form of <paramref name="path"/>: every symbolic link in it resolved (realpath(3)); for a path
    /// that does not exist yet, its deepest existing ancestor is resolved and the rest appended.
    /// </summary>
    public static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        var rest = new Stack<string>();
        string current = full;
        while (true)
        {
            if (File.Exists(current) || Directory.Exists(current))
            {
                string resolved = ResolveExisting(current, 0);
                while (rest.Count > 0) resolved = Path.Combine(resolved, rest.Pop());
                return resolved;
            }
            string? parent = Path.GetDirectoryName(current);
            if (parent is null) return full;
            rest.Push(Path.GetFileName(current));
            current = parent;
        }
    }

    private static string ResolveExisting(string existing, int depth)
    {
        if (depth > 40) return existing; // a loop of links: leave it for the open call to report
        // Walk down from the root, resolving each component that is a link (at most 40 hops, like the kernel).
        string root = Path.GetPathRoot(existing)!;
        string resolved = root;
        var parts = existing[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            string next = Path.Combine(resolved, part);
            int hops = 0;
            while (new FileInfo(next).LinkTarget is { } target && hops++ < 40)
                next = Path.GetFullPath(target, Path.GetDirectoryName(next)!);
            resolved = hops > 0 ? ResolveExisting(next, depth + 1) : next;
        }
        return resolved;
    }
}
