namespace Concord.Tests.Infrastructure;

/// <summary>Paths used by tests: the repo root, the shared NSynth fixture and committed reference files.</summary>
public static class TestPaths
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Concord.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Concord.slnx) not found");
    }

    /// <summary>The shared NSynth fixture (<c>../shared/data/nsynth-fixture</c> from the repo root), or null when absent.</summary>
    public static string? NSynthFixture()
    {
        string p = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "nsynth-fixture"));
        return File.Exists(Path.Combine(p, "examples.json")) ? p : null;
    }

    /// <summary>A committed reference file under <c>tests/Concord.Tests/Reference/</c>, copied to the output folder.</summary>
    public static string Reference(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Reference", .. parts]);
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "concord-test-" + Guid.NewGuid().ToString("N")[..10]);
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

/// <summary>numpy-style closeness assertions: |a − e| ≤ atol + rtol·|e|.</summary>
public static class NumAssert
{
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, double atol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (!(Math.Abs(a - e) <= atol + rtol * Math.Abs(e)))
                Assert.Fail($"{what}[{i}]: expected {e:R}, actual {a:R}, |Δ|={Math.Abs(a - e):E3} > atol {atol:E1} + rtol {rtol:E1}·|e|");
        }
    }

    public static void AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol, double atol, string what = "")
    {
        var e = new double[expected.Length]; var a = new double[actual.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        for (int i = 0; i < a.Length; i++) a[i] = actual[i];
        AllClose(e, a, rtol, atol, what);
    }
}
