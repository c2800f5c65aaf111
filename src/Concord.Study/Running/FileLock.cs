using System.Globalization;

namespace Concord.Study.Running;

/// <summary>
/// A lock file created exclusively (<see cref="FileMode.CreateNew"/>, atomic on local and NFS v3+ filesystems) holding
/// <c>pid host utc</c> of its holder. While held, a heartbeat touches it every <see cref="Heartbeat"/>. A lock is stale
/// when its holder is a dead process on this host, or when it has not been touched for <see cref="StaleAfter"/> (a holder
/// on another machine that died); a stale lock is taken over and the takeover is reported. Disposing releases it.
/// </summary>
public sealed class FileLock : IDisposable
{
    /// <summary>How often a held lock is touched.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);
    /// <summary>A lock untouched this long is stale whoever holds it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(90);

    private readonly string _path;
    private readonly Timer _timer;
    private bool _disposed;

    private FileLock(string path)
    {
        _path = path;
        _timer = new Timer(_ => Touch(), null, Heartbeat, Heartbeat);
    }

    /// <summary>Who holds a lock file (its content), or null when there is none.</summary>
    public static string? Holder(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() : null; }
        catch (IOException) { return "?"; }
    }

    /// <summary>True when the lock file exists and is not stale.</summary>
    public static bool IsHeld(string path) => File.Exists(path) && !IsStale(path);

    /// <summary>
    /// Takes the lock, or returns null with <paramref name="heldBy"/> describing the live holder.
    /// <paramref name="takenOver"/> describes a stale holder whose lock was taken over, else null.
    /// </summary>
    public static FileLock? TryAcquire(string path, out string? heldBy, out string? takenOver)
    {
        heldBy = null;
        takenOver = null;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var w = new StreamWriter(f))
                    w.Write(string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} host {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"));
                return new FileLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!IsStale(path))
                {
                    heldBy = Holder(path);
                    return null;
                }
                takenOver = Holder(path);
                try { File.Delete(path); } catch (IOException) { }
            }
        }
        heldBy = Holder(path);
        return null;
    }

    private static bool IsStale(string path)
    {
        string? holder = Holder(path);
        if (holder is null) return false;
        var parts = holder.Split(' ');
        if (parts.Length >= 4 && parts[0] == "pid" && parts[2] == "host" && parts[3] == Environment.MachineName
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
        {
            if (pid == Environment.ProcessId) return false;
            if (!ProcessAlive(pid)) return true;
        }
        try { return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > StaleAfter; }
        catch (IOException) { return false; }
    }

    private static bool ProcessAlive(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private void Touch()
    {
        try { if (!_disposed) File.SetLastWriteTimeUtc(_path, DateTime.UtcNow); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _timer.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
