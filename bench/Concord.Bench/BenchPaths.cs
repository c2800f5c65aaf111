namespace Concord.Bench;

/// <summary>Locates the repository root and the shared NSynth fixture (../shared/data/nsynth-fixture relative to it).</summary>
public static class BenchPaths
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Concord.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Concord.slnx) not found");
    }

    public static string? NSynthFixture()
    {
        string p = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "nsynth-fixture"));
        return File.Exists(Path.Combine(p, "examples.json")) ? p : null;
    }
}
