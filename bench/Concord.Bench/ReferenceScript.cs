using System.Diagnostics;
using System.Text.Json;

namespace Concord.Bench;

/// <summary>Runs a Python reference script under bench/reference with Debian's /usr/bin/python3 and reads the JSON object
/// it prints last.</summary>
public static class ReferenceScript
{
    /// <summary>The script's JSON, or null (with the reason printed) when it failed or Python is missing.</summary>
    /// <param name="script">File name under bench/reference.</param>
    /// <param name="arguments">Command-line arguments after the script path.</param>
    /// <param name="environment">Space-separated NAME=value pairs added to the environment.</param>
    /// <param name="removed">Environment variables removed first.</param>
    public static JsonDocument? Run(string script, string arguments, string environment, IEnumerable<string> removed)
    {
        string path = Path.Combine(BenchPaths.RepoRoot(), "bench", "reference", script);
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{path}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in removed) psi.Environment.Remove(name);
        foreach (var kv in environment.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = kv.IndexOf('=');
            psi.Environment[kv[..eq]] = kv[(eq + 1)..];
        }
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) { Console.WriteLine($"{script} failed ({p.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}"); return null; }
            return JsonDocument.Parse(stdout.Trim().Split('\n').Last());
        }
        catch (System.ComponentModel.Win32Exception ex) { Console.WriteLine($"/usr/bin/python3 not available: {ex.Message}"); return null; }
    }

    /// <summary>The 1, 5 and 15-minute load averages.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); } catch (IOException) { return "n/a"; }
    }
}
